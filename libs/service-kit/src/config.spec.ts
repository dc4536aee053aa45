import { ConfigError, DatabaseEnv, loadEnv } from './config';
import { sanitizeCorrelationId, currentCorrelationId, runWithCorrelation } from './correlation';

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

describe('correlation ids', () => {
  it('accepts short printable ids and refuses anything that could forge log lines', () => {
    expect(sanitizeCorrelationId('req-123_abc.def:1')).toBe('req-123_abc.def:1');
    expect(sanitizeCorrelationId('a\nfake log line')).toBeUndefined();
    expect(sanitizeCorrelationId('x'.repeat(129))).toBeUndefined();
    expect(sanitizeCorrelationId(42)).toBeUndefined();
  });

  it('is visible inside the run, across awaits, and gone outside it', async () => {
    await runWithCorrelation('outer-1', async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(currentCorrelationId()).toBe('outer-1');
    });
    expect(currentCorrelationId()).toBeUndefined();
    runWithCorrelation(undefined, () => expect(currentCorrelationId()).toMatch(/^[0-9a-f-]{36}$/));
  });
});
