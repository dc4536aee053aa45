import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : Number(value));

/** schooling environment. */
export class SchoolingEnv extends DatabaseEnv {
  override PORT = 3108;
  override DATABASE_SCHEMA = 'schooling';

  /** Calendar days a received request has to be checked. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(365)
  CHECK_DAYS = 3;

  /** Calendar days a checked request has to be referred. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(365)
  REFER_DAYS = 5;

  /** Calendar days a referred request has to be settled (placed or refused). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(365)
  PLACE_DAYS = 10;

  /** Personal-data key ring (ID numbers and phones are stored encrypted): `kid:base64key[,…]`; unset, the local-dev key (refused in production). */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const SCHOOLING_ENV = Symbol('SCHOOLING_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadSchoolingEnv(overrides: Partial<SchoolingEnv> = {}, source: NodeJS.ProcessEnv = process.env): SchoolingEnv {
  const env = loadEnv(SchoolingEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: SchoolingEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}
