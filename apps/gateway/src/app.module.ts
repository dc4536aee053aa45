import { authProviders, HealthController, natsProviders, READINESS_PROBES, RpcClient, ServiceKitModule } from '@citygrid/service-kit';
import { type DynamicModule, type ExecutionContext, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

import { AUTH_THROTTLED, IDENTITY_CONTROLLERS } from './auth';
import { COMMUNITY_SERVICES_CONTROLLERS } from './community-services';
import { GATEWAY_ENV, type GatewayEnv } from './config';
import { EMPLOYMENT_CONTROLLERS } from './employment';
import { HEALTH_CONTROLLERS } from './health';
import { NOTIFICATIONS_CONTROLLERS } from './notifications';
import { Open311Controller } from './open311/open311.controller';
import { DeadLettersController } from './ops/dead-letters.controller';
import { PhotoStore } from './photo-store/photo-store';
import { PhotosController } from './photos/photos.controller';
import { AuditController } from './registry/audit.controller';
import { NodesController } from './registry/nodes.controller';
import { DepartmentsController, StaffController } from './registry/people.controller';
import { ImportsController, PlacesController } from './registry/places.controller';
import { ResidentsController } from './registry/residents.controller';
import { AssessmentsController } from './reporting/assessments.controller';
import { ReportFilesController } from './reporting/report-files.controller';
import { LiveKpis } from './reporting/live-kpis';
import { ReportsController } from './reporting/reports.controller';
import { RELOCATION_CONTROLLERS } from './relocation';
import { SCHOOLING_CONTROLLERS } from './schooling';
import { VOLUNTEERS_CONTROLLERS } from './volunteers';
import { AuthenticationGuard } from './shared/authentication.guard';
import { ETagInterceptor } from './shared/etag';
import { HttpInputPipe } from './shared/http';
import { IdempotencyMiddleware, idempotencyStoreProvider } from './shared/idempotency';
import { FIELD_WORK_CONTROLLERS } from './ticketing/field-work.controllers';
import { ProblemDetailsFilter } from './shared/problem.filter';
import { TICKETING_CONTROLLERS } from './ticketing';

/** The public HTTP API. It owns no data: it validates and forwards over NATS. */
@Module({})
export class GatewayModule implements NestModule {
  /** `Idempotency-Key` on every POST (see {@link IdempotencyMiddleware}). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.POST });
  }

  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ServiceKitModule.forRoot({ name: 'gateway', logLevel: env.LOG_LEVEL }),
        // Per client address and operation; login, logout and the token endpoint have a lower limit of their own.
        ThrottlerModule.forRoot([
          {
            name: 'default',
            ttl: 60_000,
            limit: (context: ExecutionContext) => (Reflect.getMetadata(AUTH_THROTTLED, context.getHandler()) === true ? env.AUTH_RATE_LIMIT_PER_MINUTE : env.RATE_LIMIT_PER_MINUTE),
          },
        ]),
      ],
      controllers: [
        HealthController,
        Open311Controller,
        NodesController,
        StaffController,
        DepartmentsController,
        PlacesController,
        ImportsController,
        ResidentsController,
        AuditController,
        DeadLettersController,
        ...IDENTITY_CONTROLLERS,
        ...TICKETING_CONTROLLERS,
        ...FIELD_WORK_CONTROLLERS,
        ReportsController,
        AssessmentsController,
        ReportFilesController,
        ...NOTIFICATIONS_CONTROLLERS,
        ...SCHOOLING_CONTROLLERS,
        ...VOLUNTEERS_CONTROLLERS,
        ...EMPLOYMENT_CONTROLLERS,
        ...HEALTH_CONTROLLERS,
        ...COMMUNITY_SERVICES_CONTROLLERS,
        ...RELOCATION_CONTROLLERS,
        PhotosController,
      ],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        { provide: APP_PIPE, useClass: HttpInputPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        ...natsProviders('gateway', env, { stream: false }),
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        LiveKpis,
        PhotoStore,
        idempotencyStoreProvider,
        {
          provide: READINESS_PROBES,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) => [{ name: 'nats', check: () => rpc.ping() }],
        },
      ],
    };
  }
}
