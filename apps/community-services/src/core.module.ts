import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { COMMUNITY_SERVICES_ENV, piiEnvOf, type CommunityServicesEnv } from './config';
import { communityServicesOrmOptions } from './orm';
import { RegistryClient } from './shared/registry-client';

/**
 * What every feature module of community-services works on, provided once for all of them: the
 * validated environment, the ORM, the service's NATS connection with its RPC client and subject
 * naming, the token verifier, the event recorder (outbox and audit trail), the outbox relay, the
 * personal-data cipher (residents' phones), the grid-registry client, logging, health and metrics.
 */
@Global()
@Module({})
export class CommunityServicesCoreModule {
  static forRoot(env: CommunityServicesEnv): DynamicModule {
    return {
      module: CommunityServicesCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'community-services', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(communityServicesOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: COMMUNITY_SERVICES_ENV, useValue: env },
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('community-services', env),
        EventRecorder,
        RegistryClient,
      ],
      exports: [COMMUNITY_SERVICES_ENV, FieldCipher, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder, RegistryClient],
    };
  }
}
