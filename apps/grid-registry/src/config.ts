import { BlindIndex, FieldCipher, type PiiEnv } from '@citygrid/pii';
import { ConfigError, DatabaseEnv, loadEnv, Secret } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';

/** grid-registry environment. */
export class GridRegistryEnv extends DatabaseEnv {
  override PORT = 3101;
  override DATABASE_SCHEMA = 'grid_registry';

  /** How often the in-memory spatial index checks the database for changes made elsewhere, ms. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  INDEX_REFRESH_MS = 30000;

  /**
   * Key ring for personal data at rest, `kid:base64key[,kid:key…]`, current key first. Empty: the
   * public local-dev key; with `NODE_ENV=production` an empty ring or the dev key (under any id)
   * stops the start.
   */
  @Secret()
  @IsOptional()
  @IsString()
  PII_KEYS = '';

  /** Key of the exact-match index over ID numbers and phones (32+ bytes, hex or base64); the same rule as `PII_KEYS`. */
  @Secret()
  @IsOptional()
  @IsString()
  PII_INDEX_KEY = '';
}

export const GRID_REGISTRY_ENV = Symbol('GRID_REGISTRY_ENV');

/** What the personal-data keys are read from: this environment, not `process.env` again. */
export function piiEnvOf(env: GridRegistryEnv): PiiEnv {
  return { NODE_ENV: env.NODE_ENV, PII_KEYS: env.PII_KEYS, PII_INDEX_KEY: env.PII_INDEX_KEY };
}

/**
 * Load and validate the environment, decoding the personal-data keys too: a malformed ring, or a
 * missing or local-dev key in production, stops the start here with the others.
 */
export function loadGridRegistryEnv(overrides: Partial<GridRegistryEnv> = {}, source: NodeJS.ProcessEnv = process.env): GridRegistryEnv {
  const env = loadEnv(GridRegistryEnv, source, overrides);
  const problems: string[] = [];
  for (const read of [() => FieldCipher.fromEnv(piiEnvOf(env)), () => BlindIndex.fromEnv(piiEnvOf(env))]) {
    try {
      read();
    } catch (err) {
      // The pii messages name the variable and never echo key material.
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return env;
}
