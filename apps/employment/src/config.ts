import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { IsOptional, IsString } from 'class-validator';

/** employment environment. */
export class EmploymentEnv extends DatabaseEnv {
  override PORT = 3106;
  override DATABASE_SCHEMA = 'employment';

  /**
   * Personal-data key ring (seekers' and employer contacts' phones are stored encrypted):
   * `kid:base64key[,…]`, current key first; unset, the local-dev key (refused in production).
   */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const EMPLOYMENT_ENV = Symbol('EMPLOYMENT_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadEmploymentEnv(overrides: Partial<EmploymentEnv> = {}, source: NodeJS.ProcessEnv = process.env): EmploymentEnv {
  const env = loadEnv(EmploymentEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: EmploymentEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}
