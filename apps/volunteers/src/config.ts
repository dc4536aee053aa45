import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : Number(value));

/** volunteers environment. */
export class VolunteersEnv extends DatabaseEnv {
  override PORT = 3110;
  override DATABASE_SCHEMA = 'volunteers';

  /** Party members from which a non-public enterprise should have a branch (formation rule). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(1000)
  FORMATION_MIN_MEMBERS = 3;

  /** Personal-data key ring (members' phones are stored encrypted): `kid:base64key[,…]`; unset, the local-dev key (refused in production). */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const VOLUNTEERS_ENV = Symbol('VOLUNTEERS_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadVolunteersEnv(overrides: Partial<VolunteersEnv> = {}, source: NodeJS.ProcessEnv = process.env): VolunteersEnv {
  const env = loadEnv(VolunteersEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: VolunteersEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}
