import { loadVolunteersEnv } from './config';

describe('volunteers configuration', () => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/citygrid', NATS_URL: 'nats://127.0.0.1:4222' };

  it('defaults to port 3110, schema volunteers and a branch from 3 party members', () => {
    const env = loadVolunteersEnv({}, base);
    expect(env).toMatchObject({ PORT: 3110, DATABASE_SCHEMA: 'volunteers', FORMATION_MIN_MEMBERS: 3 });
    expect(loadVolunteersEnv({}, { ...base, FORMATION_MIN_MEMBERS: '5' }).FORMATION_MIN_MEMBERS).toBe(5);
  });

  it('refuses a minimum below 1, naming the variable', () => {
    expect(() => loadVolunteersEnv({}, { ...base, FORMATION_MIN_MEMBERS: '0' })).toThrow(/FORMATION_MIN_MEMBERS/);
  });

  it('refuses the local-dev personal-data key in production', () => {
    expect(() => loadVolunteersEnv({}, { ...base, NODE_ENV: 'production' })).toThrow(/PII_KEYS/);
  });
});
