import { ConsumerEnv, loadEnv } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, registerDecorator } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : Number(value));

/** True for an IANA time zone this runtime knows (`Asia/Shanghai`). */
export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function IsTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an IANA time zone, e.g. Asia/Shanghai' },
      validator: { validate: isTimeZone },
    });
}

/**
 * reporting environment. It runs durable consumers (ticketing's case, patrol and visit events;
 * grid-registry's grid events), so it reads `CONSUMER_MAX_DELIVER` and `CONSUMER_BACKOFF_MS` too
 * (`ConsumerEnv`).
 */
export class ReportingEnv extends ConsumerEnv {
  override PORT = 3104;
  override DATABASE_SCHEMA = 'reporting';

  /**
   * The working time zone: the day an event counts on, and the days of a period asked for, are
   * days of this zone. Keep it equal to ticketing's `WORK_TIME_ZONE`.
   */
  @IsTimeZone()
  WORK_TIME_ZONE = 'Asia/Shanghai';

  /**
   * Hours within which a verification 核查 counts as timely 及时 (`verificationOnTimeRate`): wall-clock
   * hours from the handling report 处置反馈 it checks to the verification. A change applies to the
   * events applied from then on; rebuild the read models to apply it to the past.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(720)
  VERIFY_LIMIT_HOURS = 24;

  /** Events a rebuild applies per transaction (a failing batch is applied again one event at a time). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(10000)
  REBUILD_BATCH = 2000;
}

export const REPORTING_ENV = Symbol('REPORTING_ENV');

/** Load and validate the environment; every invalid variable is named at once. */
export function loadReportingEnv(overrides: Partial<ReportingEnv> = {}, source: NodeJS.ProcessEnv = process.env): ReportingEnv {
  return loadEnv(ReportingEnv, source, overrides);
}
