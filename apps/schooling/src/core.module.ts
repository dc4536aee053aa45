import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { piiEnvOf, SCHOOLING_ENV, type SchoolingEnv } from './config';
import { schoolingOrmOptions } from './orm';

/**
 * What every feature module of schooling works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier, the event recorder (outbox and audit trail), the outbox relay, the personal-data
 * cipher (ID numbers, phones), logging, health and metrics.
 */
@Global()
@Module({})
export class SchoolingCoreModule {
  static forRoot(env: SchoolingEnv): DynamicModule {
    return {
      module: SchoolingCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'schooling', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(schoolingOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SCHOOLING_ENV, useValue: env },
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('schooling', env),
        EventRecorder,
      ],
      exports: [SCHOOLING_ENV, FieldCipher, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder],
    };
  }
}
