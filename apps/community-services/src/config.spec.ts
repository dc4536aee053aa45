import { ConfigError } from '@citygrid/service-kit';

import { loadCommunityServicesEnv } from './config';

describe('community-services environment', () => {
  it('defaults to its port and schema, with the local-dev key outside production', () => {
    const env = loadCommunityServicesEnv({}, {});
    expect(env.PORT).toBe(3109);
    expect(env.DATABASE_SCHEMA).toBe('community_services');
  });

  it('refuses to start in production without its own key ring, naming PII_KEYS and never echoing a key', () => {
    let error: unknown;
    try {
      loadCommunityServicesEnv({}, { NODE_ENV: 'production', DATABASE_URL: 'postgres://cs:secret-pass@db.internal:5432/citygrid' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toContain('PII_KEYS');
  });

  it('refuses a key ring that is not one', () => {
    expect(() => loadCommunityServicesEnv({}, { PII_KEYS: 'not-a-key' })).toThrow(ConfigError);
  });
});
