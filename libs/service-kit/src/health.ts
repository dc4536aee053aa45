import { Public } from '@citygrid/auth';
import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Something that must answer before the service takes traffic (Postgres, NATS …). */
export interface ReadinessProbe {
  /** Key in the health report, e.g. `postgres`. */
  name: string;
  /**
   * Resolves when ready, with details to show beside `up` if it has any (a consumer's lag);
   * rejects with the reason otherwise.
   */
  check(): Promise<void | Record<string, unknown>>;
}

/** Injection token: the probes `/health/ready` runs. */
export const READINESS_PROBES = Symbol('READINESS_PROBES');

/** Injection token: the probes of a service's durable consumers (`serviceConsumerProviders`), run after the others. */
export const CONSUMER_READINESS_PROBES = Symbol('CONSUMER_READINESS_PROBES');

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** `/health/live`: the process runs. `/health/ready`: every dependency answers. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The consumers' probes, wherever the app composed them (`serviceConsumerProviders`); none in a service without consumers. */
  private consumerProbes(): ReadinessProbe[] {
    try {
      return this.moduleRef.get<ReadinessProbe[]>(CONSUMER_READINESS_PROBES, { strict: false });
    } catch {
      return [];
    }
  }

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      [...this.probes, ...this.consumerProbes()].map((probe) => async (): Promise<HealthIndicatorResult> => {
        const session = this.indicators.check(probe.name);
        try {
          const details = await withTimeout(probe.check(), PROBE_TIMEOUT_MS);
          return details ? session.up(details) : session.up();
        } catch (err) {
          return session.down({ message: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
  }
}
