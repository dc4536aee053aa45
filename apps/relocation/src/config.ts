import { DatabaseEnv, loadEnv } from '@citygrid/service-kit';

/** relocation environment. It keeps no personal data (names, phones and ID numbers stay in grid-registry and schooling). */
export class RelocationEnv extends DatabaseEnv {
  override PORT = 3111;
  override DATABASE_SCHEMA = 'relocation';
}

export const RELOCATION_ENV = Symbol('RELOCATION_ENV');

/** Load and validate the environment; every problem is named at once. */
export function loadRelocationEnv(overrides: Partial<RelocationEnv> = {}, source: NodeJS.ProcessEnv = process.env): RelocationEnv {
  return loadEnv(RelocationEnv, source, overrides);
}
