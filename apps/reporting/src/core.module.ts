import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from './config';
import { reportingOrmOptions } from './orm';

/**
 * What every feature module of reporting works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier the RPC handlers check callers with, the event recorder (outbox and audit
 * trail), the outbox relay, logging, health and metrics.
 */
@Global()
@Module({})
export class ReportingCoreModule {
  static forRoot(env: ReportingEnv): DynamicModule {
    return {
      module: ReportingCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'reporting', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(reportingOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: REPORTING_ENV, useValue: env },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('reporting', env),
        EventRecorder,
      ],
      exports: [REPORTING_ENV, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder],
    };
  }
}
