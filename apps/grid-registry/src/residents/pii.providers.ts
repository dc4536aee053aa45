import { BlindIndex, FieldCipher } from '@citygrid/pii';
import type { Provider } from '@nestjs/common';

/**
 * The personal-data keys, read once at start: with `NODE_ENV=production` and no `PII_KEYS` or
 * `PII_INDEX_KEY` the service refuses to start rather than fall back to the public dev keys.
 */
export const piiProviders: Provider[] = [
  { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv() },
  { provide: BlindIndex, useFactory: () => BlindIndex.fromEnv() },
];
