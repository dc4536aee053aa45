import { randomBytes } from 'node:crypto';

import { DEV_CIPHER_KID, localDevKey } from '@citygrid/pii';
import { ConfigError } from '@citygrid/service-kit';

import { loadGridRegistryEnv } from './config';

const ring = `k1:${randomBytes(32).toString('base64')}`;
const indexKey = randomBytes(32).toString('hex');

function refusal(source: NodeJS.ProcessEnv): string {
  try {
    loadGridRegistryEnv({}, source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected grid-registry to refuse this environment');
}

describe('loadGridRegistryEnv', () => {
  it('starts on the local-dev keys outside production, and on real keys in production', () => {
    expect(loadGridRegistryEnv({}, {}).PII_KEYS).toBe('');
    expect(loadGridRegistryEnv({}, { NODE_ENV: 'production', PII_KEYS: ring, PII_INDEX_KEY: indexKey }).PII_KEYS).toBe(ring);
  });

  it('refuses production without the personal-data keys, or with the dev keys, at config load', () => {
    expect(refusal({ NODE_ENV: 'production' })).toMatch(/PII_KEYS must be set in production[\s\S]*PII_INDEX_KEY must be set in production/);
    const devRing = `${DEV_CIPHER_KID}:${localDevKey('pii-field-key').toString('base64')}`;
    expect(refusal({ NODE_ENV: 'production', PII_KEYS: devRing, PII_INDEX_KEY: indexKey })).toMatch(/PII_KEYS: the dev-insecure key is refused in production/);
    expect(refusal({ NODE_ENV: 'production', PII_KEYS: `k9:${localDevKey('pii-field-key').toString('base64')}`, PII_INDEX_KEY: indexKey })).toMatch(/PII_KEYS: the local-dev key is refused/);
    const devIndex = localDevKey('pii-index-key').toString('hex');
    const message = refusal({ NODE_ENV: 'production', PII_KEYS: ring, PII_INDEX_KEY: devIndex });
    expect(message).toMatch(/PII_INDEX_KEY: the local-dev key is refused in production/);
    expect(message).not.toContain(devIndex);
  });

  it('refuses a malformed ring in any environment without printing it', () => {
    const short = `k1:${randomBytes(8).toString('base64')}`;
    const message = refusal({ PII_KEYS: short });
    expect(message).toMatch(/PII_KEYS: a key must be at least 32 bytes/);
    expect(message).not.toContain(short.slice(3));
  });
});
