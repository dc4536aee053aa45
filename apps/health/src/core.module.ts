import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { HEALTH_ENV, piiEnvOf, type HealthEnv } from './config';
import { healthOrmOptions } from './orm';
import { Registry } from './shared/registry';

/**
 * What every feature module of health works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier, the event recorder (outbox and audit trail), the outbox relay, the personal-data
 * cipher (doctors' phones), the grid-registry reads, logging, health and metrics.
 */
@Global()
@Module({})
export class HealthCoreModule {
  static forRoot(env: HealthEnv): DynamicModule {
    return {
      module: HealthCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'health', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(healthOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: HEALTH_ENV, useValue: env },
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('health', env),
        EventRecorder,
        Registry,
      ],
      exports: [HEALTH_ENV, FieldCipher, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder, Registry],
    };
  }
}
