import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { piiEnvOf, VOLUNTEERS_ENV, type VolunteersEnv } from './config';
import { volunteersOrmOptions } from './orm';

/**
 * What every feature module of volunteers works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier, the event recorder (outbox and audit trail), the outbox relay, the personal-data
 * cipher (phones), logging, health and metrics.
 */
@Global()
@Module({})
export class VolunteersCoreModule {
  static forRoot(env: VolunteersEnv): DynamicModule {
    return {
      module: VolunteersCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'volunteers', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(volunteersOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: VOLUNTEERS_ENV, useValue: env },
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('volunteers', env),
        EventRecorder,
      ],
      exports: [VOLUNTEERS_ENV, FieldCipher, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder],
    };
  }
}
