import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, HealthController, MetricsController, OutboxRelayService, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { piiEnvOf, TICKETING_ENV, type TicketingEnv } from './config';
import { ticketingOrmOptions } from './orm';
import { GridIndex } from './shared/grid-index';
import { RegistryClient } from './shared/registry-client';
import { RegistryQueries } from './shared/registry-queries';

/**
 * What every feature module of ticketing works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming,
 * the token verifier, the personal-data cipher, the event recorder (outbox and audit trail), the outbox relay, logging,
 * health and metrics; and grid-registry as ticketing sees it (its copy of the grid index, the
 * client that asks the registry as the caller).
 */
@Global()
@Module({})
export class TicketingCoreModule {
  static forRoot(env: TicketingEnv): DynamicModule {
    return {
      module: TicketingCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'ticketing', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(ticketingOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: TICKETING_ENV, useValue: env },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('ticketing', env),
        EventRecorder,
        // reporters' contacts: encrypted at rest (the key ring was checked by loadTicketingEnv)
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        GridIndex,
        RegistryClient,
        RegistryQueries,
      ],
      exports: [TICKETING_ENV, FieldCipher, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder, OutboxRelayService, GridIndex, RegistryClient, RegistryQueries],
    };
  }
}
