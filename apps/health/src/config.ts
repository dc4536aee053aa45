import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { Transform } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : Number(value));

/** health environment: the database, NATS, the personal-data keys (doctors' phones) and the coverage rules. */
export class HealthEnv extends DatabaseEnv {
  override PORT = 3107;
  override DATABASE_SCHEMA = 'health';

  /** Straight line only: how much longer a real walk is than the straight line. */
  @Transform(toNumber)
  @IsNumber()
  @Min(1)
  @Max(5)
  COVERAGE_DETOUR_FACTOR = 1.3;

  /** Walking speed, metres per minute. */
  @Transform(toNumber)
  @IsNumber()
  @Min(10)
  @Max(300)
  WALKING_SPEED_M_PER_MIN = 80;

  /** A household is covered when the walk to the nearest active station takes at most this many minutes. */
  @Transform(toNumber)
  @IsNumber()
  @Min(1)
  @Max(240)
  COVERAGE_LIMIT_MINUTES = 15;

  /** Personal-data key ring (doctors' phones are stored encrypted): `kid:base64key[,…]`; unset, the local-dev key (refused in production). */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const HEALTH_ENV = Symbol('HEALTH_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadHealthEnv(overrides: Partial<HealthEnv> = {}, source: NodeJS.ProcessEnv = process.env): HealthEnv {
  const env = loadEnv(HealthEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: HealthEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}
