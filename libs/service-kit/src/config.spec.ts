import { IsIn, Length, Matches } from 'class-validator';

import { ConfigError, consumerBackoff, ConsumerEnv, DatabaseEnv, loadEnv, PLACEHOLDER_SECRET, Secret, secretOptions } from './config';

describe('loadEnv', () => {
  it('fills working local defaults when nothing is set', () => {
    const sut = loadEnv(DatabaseEnv, {});
    expect(sut.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/citygrid');
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(sut.PORT).toBe(3000);
    expect(sut.MIGRATE_ON_START).toBe('false');
  });

  it('reads and converts what is set, empty counting as unset', () => {
    const sut = loadEnv(DatabaseEnv, { PORT: '8080', DATABASE_SCHEMA: 'ticketing', LOG_LEVEL: '' });
    expect(sut.PORT).toBe(8080);
    expect(sut.DATABASE_SCHEMA).toBe('ticketing');
    expect(sut.LOG_LEVEL).toBe('info');
  });

  it('reports every invalid variable at once, naming it and the value', () => {
    let error: unknown;
    try {
      loadEnv(DatabaseEnv, { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DATABASE_SCHEMA: 'Bad-Name' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'DATABASE_SCHEMA']) expect(problems).toContain(name);
    expect(problems).toContain('"mysql://x"');
  });
});

describe('ConsumerEnv', () => {
  it('tries an event five times over about six minutes by default, and reads a backoff list', () => {
    const defaults = loadEnv(ConsumerEnv, {});
    expect(defaults.CONSUMER_MAX_DELIVER).toBe(5);
    expect(consumerBackoff(defaults)).toEqual([1000, 10000, 60000, 300000]);
    const fast = loadEnv(ConsumerEnv, { CONSUMER_MAX_DELIVER: '2', CONSUMER_BACKOFF_MS: '50,100' });
    expect(fast.CONSUMER_MAX_DELIVER).toBe(2);
    expect(consumerBackoff(fast)).toEqual([50, 100]);
  });

  it('refuses a delivery count below one and a backoff that is no list of delays, naming both', () => {
    let error: unknown;
    try {
      loadEnv(ConsumerEnv, { CONSUMER_MAX_DELIVER: '0', CONSUMER_BACKOFF_MS: '1s,5s' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/CONSUMER_MAX_DELIVER: .*\(got "0"\)/);
    expect(problems).toMatch(/CONSUMER_BACKOFF_MS: .*comma separated.*\(got "1s,5s"\)/);
  });
});

/** A service env with secrets whose rules quote the value (`$value`), as a careless message would. */
class SecretEnv extends DatabaseEnv {
  @Secret()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'API_KEY must be 32 bytes, base64, not $value' })
  API_KEY = '';

  @Secret({ refuseInProduction: ['long-enough-default', PLACEHOLDER_SECRET] })
  @Length(10, 256, { message: '$property is too short: $value' })
  ADMIN_PASSWORD = 'long-enough-default';

  @IsIn(['a', 'b'], { message: 'MODE must be a or b, not $value' })
  MODE = 'a';
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return `${(err as ConfigError).message}\n${(err as ConfigError).problems.join('\n')}`;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv and secrets', () => {
  it('knows which properties are secret, inherited ones included', () => {
    expect(secretOptions(SecretEnv, 'API_KEY')).toEqual({});
    expect(secretOptions(SecretEnv, 'DATABASE_URL')).toEqual({ url: true, refuseInProduction: [PLACEHOLDER_SECRET] });
    expect(secretOptions(SecretEnv, 'NATS_URL')).toEqual({ url: true, refuseInProduction: [PLACEHOLDER_SECRET] });
    expect(secretOptions(SecretEnv, 'MODE')).toBeUndefined();
    expect(secretOptions(DatabaseEnv, 'API_KEY')).toBeUndefined();
  });

  it('names the variable and the rule but never prints the value of a secret, even when the message quotes it', () => {
    const problems = problemsOf(() => loadEnv(SecretEnv, { API_KEY: 'hunter2-the-real-key', ADMIN_PASSWORD: 'pw-s3cr', MODE: 'c' }));
    expect(problems).not.toContain('hunter2-the-real-key');
    expect(problems).not.toContain('pw-s3cr');
    expect(problems).toMatch(/API_KEY: API_KEY must be 32 bytes, base64, not \[hidden\] \(matches\) \(value hidden: secret\)/);
    expect(problems).toMatch(/ADMIN_PASSWORD: ADMIN_PASSWORD is too short: \[hidden\] \(isLength\) \(value hidden: secret\)/);
    // not a secret: the value helps to find the typo
    expect(problems).toContain('MODE: MODE must be a or b, not c (isIn) (got "c")');
  });

  it('shows a URL secret without its credentials, and not at all when it does not parse', () => {
    const problems = problemsOf(() =>
      loadEnv(SecretEnv, { DATABASE_URL: 'mysql://citygrid:Pa55-w0rd@db.internal:3306/citygrid', NATS_URL: 'nats://identity:n4ts-Secret@nats:4222' }, { NATS_URL: 42 as unknown as string }),
    );
    expect(problems).not.toContain('Pa55-w0rd');
    expect(problems).toContain('DATABASE_URL: DATABASE_URL must be a postgres:// URL (matches) (got "mysql://***@db.internal:3306/citygrid"; credentials and query hidden)');
    const query = problemsOf(() => loadEnv(SecretEnv, { DATABASE_URL: 'mysql://db.internal/citygrid?user=citygrid&password=Pa55-w0rd' }));
    expect(query).not.toContain('Pa55-w0rd');
    expect(query).toContain('(got "mysql://db.internal/citygrid"; credentials and query hidden)');
    expect(problems).toContain('NATS_URL:');
    for (const mistyped of ['citygrid:Pa55-w0rd@db.internal', 'postgres:/citygrid:Pa55-w0rd@db']) {
      const unparsable = problemsOf(() => loadEnv(SecretEnv, { DATABASE_URL: mistyped }));
      expect(unparsable).not.toContain('Pa55-w0rd');
      expect(unparsable).toContain('DATABASE_URL: DATABASE_URL must be a postgres:// URL (matches) (value hidden: secret)');
    }
  });
});

describe('loadEnv in production', () => {
  const valid = { API_KEY: 'A'.repeat(43) + '=' };

  it('refuses a secret left at a public default or a placeholder, naming it without its value', () => {
    expect(loadEnv(SecretEnv, valid).ADMIN_PASSWORD).toBe('long-enough-default');
    const problems = problemsOf(() => loadEnv(SecretEnv, { ...valid, NODE_ENV: 'production', NATS_URL: 'nats://svc:Change-Me-Nats@nats:4222' }));
    expect(problems).toMatch(/ADMIN_PASSWORD: unset, a public local-dev default or a placeholder is refused with NODE_ENV=production \(value hidden: secret\)/);
    expect(problems).toMatch(/NATS_URL: unset, a public local-dev default or a placeholder is refused/);
    expect(problems).not.toContain('long-enough-default');
    expect(problems).not.toContain('Change-Me-Nats');
    expect(problemsOf(() => loadEnv(SecretEnv, { ...valid, NODE_ENV: 'production', ADMIN_PASSWORD: 'please-change-me' }))).toContain('ADMIN_PASSWORD:');
  });

  it('starts on real secrets', () => {
    const sut = loadEnv(SecretEnv, { ...valid, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-real-one-2026', NATS_URL: 'nats://svc:9xQ2v@nats:4222' });
    expect(sut.NODE_ENV).toBe('production');
  });
});
