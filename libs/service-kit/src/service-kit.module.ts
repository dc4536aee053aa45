import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';

import { loggerParams } from './logging';
import { HttpMetricsMiddleware } from './metrics';

/**
 * Logging and health plumbing for a service. The service module adds `HealthController` and
 * `MetricsController` to its controllers and provides `READINESS_PROBES`.
 */
@Module({})
export class ServiceKitModule implements NestModule {
  static forRoot(opts: { name: string; logLevel: string }): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [LoggerModule.forRoot(loggerParams(opts.name, opts.logLevel)), TerminusModule.forRoot({ logger: false })],
      exports: [TerminusModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
