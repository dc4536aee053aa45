import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { EMPLOYMENT_ENV, piiEnvOf, type EmploymentEnv } from './config';
import { employmentOrmOptions } from './orm';
import { RegistryClient } from './shared/registry-client';

/**
 * What every feature module of employment works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier, the event recorder (outbox and audit trail), the outbox relay, the personal-data
 * cipher (phones), the grid-registry client, logging, health and metrics.
 */
@Global()
@Module({})
export class EmploymentCoreModule {
  static forRoot(env: EmploymentEnv): DynamicModule {
    return {
      module: EmploymentCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'employment', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(employmentOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: EMPLOYMENT_ENV, useValue: env },
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('employment', env),
        EventRecorder,
        RegistryClient,
      ],
      exports: [EMPLOYMENT_ENV, FieldCipher, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder, RegistryClient],
    };
  }
}
