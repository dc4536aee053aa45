import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Environment every service reads. Each field has a working local default. */
export class BaseEnv {
  /** NATS server URL(s), comma separated. */
  @IsString()
  NATS_URL = 'nats://127.0.0.1:4222';

  /** HTTP port (public API for the gateway; health and metrics for the others). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Prefix for every NATS subject (RPC and events), to run several deployments on one NATS. */
  @IsOptional()
  @Matches(/^([a-z0-9_-]+)?$/i, { message: 'NATS_SUBJECT_PREFIX must be one subject token (letters, digits, _ or -)' })
  NATS_SUBJECT_PREFIX = '';

  /** JetStream stream holding the events. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'EVENT_STREAM must be a valid stream name' })
  EVENT_STREAM = 'CITYGRID';

  /** How long to let in-flight NATS requests finish on shutdown, in ms. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 1000;
}

/** Environment of a service that owns a PostgreSQL schema. */
export class DatabaseEnv extends BaseEnv {
  /** PostgreSQL connection URL. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/citygrid';

  /** Schema owned by this service. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA = 'public';

  /** Apply pending migrations at start (local runs). In production run the migrate command instead. */
  @IsIn(['true', 'false'])
  MIGRATE_ON_START = 'false';
}

/** Thrown when the environment is invalid; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Read and validate the environment into `cls`. Unset or empty variables keep the class
 * default; every invalid variable is reported at once so an admin fixes them in one go.
 */
export function loadEnv<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env, overrides: Partial<T> = {}): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const instance = plainToInstance(cls, { ...raw, ...overrides });
  const errors = validateSync(instance, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`));
  }
  return instance;
}
