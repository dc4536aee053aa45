import { Public } from '@citygrid/auth';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Something that must answer before the service takes traffic (Postgres, NATS …). */
export interface ReadinessProbe {
  /** Key in the health report, e.g. `postgres`. */
  name: string;
  /** Resolves when ready; rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** Injection token: the probes `/health/ready` runs. */
export const READINESS_PROBES = Symbol('READINESS_PROBES');

const PROBE_TIMEOUT_MS = 2000;

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<void>((_, reject) => {
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
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.probes.map((probe) => async (): Promise<HealthIndicatorResult> => {
        const session = this.indicators.check(probe.name);
        try {
          await withTimeout(probe.check(), PROBE_TIMEOUT_MS);
          return session.up();
        } catch (err) {
          return session.down({ message: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
  }
}
