import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { FieldCipher, type PiiEnv } from '@citygrid/pii';
import { IsOptional, IsString } from 'class-validator';

/** community-services environment: the database and NATS of every service, and the personal-data key ring. */
export class CommunityServicesEnv extends DatabaseEnv {
  override PORT = 3109;
  override DATABASE_SCHEMA = 'community_services';

  /** Personal-data key ring (residents' phones are stored encrypted): `kid:base64key[,…]`; unset, the local-dev key (refused in production). */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';
}

export const COMMUNITY_SERVICES_ENV = Symbol('COMMUNITY_SERVICES_ENV');

/** Load and validate the environment, the personal-data key ring included; every problem is named at once. */
export function loadCommunityServicesEnv(overrides: Partial<CommunityServicesEnv> = {}, source: NodeJS.ProcessEnv = process.env): CommunityServicesEnv {
  const env = loadEnv(CommunityServicesEnv, source, overrides);
  try {
    FieldCipher.fromEnv(piiEnvOf(env));
  } catch (err) {
    // the pii messages name the variable and never echo key material
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return env;
}

/** The personal-data keys' variables of the environment. */
export function piiEnvOf(env: CommunityServicesEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS };
}
