import { BlindIndex, FieldCipher } from '@citygrid/pii';
import type { Provider } from '@nestjs/common';

import { GRID_REGISTRY_ENV, piiEnvOf, type GridRegistryEnv } from '../config';

/**
 * The personal-data keys, read once at start from the validated environment: with
 * `NODE_ENV=production` and no `PII_KEYS` or `PII_INDEX_KEY`, or the public dev keys, the service
 * refuses to start (already in `loadGridRegistryEnv`).
 */
export const piiProviders: Provider[] = [
  { provide: FieldCipher, inject: [GRID_REGISTRY_ENV], useFactory: (env: GridRegistryEnv) => FieldCipher.fromEnv(piiEnvOf(env)) },
  { provide: BlindIndex, inject: [GRID_REGISTRY_ENV], useFactory: (env: GridRegistryEnv) => BlindIndex.fromEnv(piiEnvOf(env)) },
];
