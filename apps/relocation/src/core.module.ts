import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { RELOCATION_ENV, type RelocationEnv } from './config';
import { relocationOrmOptions } from './orm';
import { RegistryClient } from './shared/registry-client';

/**
 * What every feature module of relocation works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier, the event recorder (outbox and audit trail), the registry client, logging,
 * health and metrics.
 */
@Global()
@Module({})
export class RelocationCoreModule {
  static forRoot(env: RelocationEnv): DynamicModule {
    return {
      module: RelocationCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'relocation', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(relocationOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: RELOCATION_ENV, useValue: env },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('relocation', env),
        EventRecorder,
        RegistryClient,
      ],
      exports: [RELOCATION_ENV, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder, RegistryClient],
    };
  }
}
