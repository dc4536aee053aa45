import { DatabaseEnv, loadEnv } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/** grid-registry environment. */
export class GridRegistryEnv extends DatabaseEnv {
  override PORT = 3101;
  override DATABASE_SCHEMA = 'grid_registry';

  /** How often the in-memory spatial index checks the database for changes made elsewhere, ms. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  INDEX_REFRESH_MS = 30000;
}

export const GRID_REGISTRY_ENV = Symbol('GRID_REGISTRY_ENV');

export function loadGridRegistryEnv(overrides: Partial<GridRegistryEnv> = {}): GridRegistryEnv {
  return loadEnv(GridRegistryEnv, process.env, overrides);
}
