import { randomBytes } from 'node:crypto';

import { ConfigError } from '@citygrid/service-kit';

import { DEV_KEY_SECRET, loadIdentityEnv } from './config';

const realSecret = randomBytes(32).toString('base64');
const production = { NODE_ENV: 'production', IDENTITY_KEY_SECRET: realSecret, ADMIN_PASSWORD: 'a-real-admin-password-2026' };

function refusal(source: NodeJS.ProcessEnv): string {
  try {
    loadIdentityEnv({}, source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected identity to refuse this environment');
}

describe('loadIdentityEnv', () => {
  it('starts on the local defaults outside production', () => {
    const sut = loadIdentityEnv({}, {});
    expect(sut.IDENTITY_KEY_SECRET).toBe('');
    expect(sut.ADMIN_PASSWORD).toBe('citygrid-admin');
  });

  it('starts in production with a secret and a password of its own', () => {
    expect(loadIdentityEnv({}, production)).toMatchObject({ NODE_ENV: 'production', IDENTITY_KEY_SECRET: realSecret });
  });

  it('refuses production on the defaults, naming each variable', () => {
    const message = refusal({ NODE_ENV: 'production' });
    expect(message).toMatch(/IDENTITY_KEY_SECRET: unset, a public local-dev default or a placeholder is refused with NODE_ENV=production/);
    expect(message).toMatch(/ADMIN_PASSWORD: unset, a public local-dev default or a placeholder is refused/);
    expect(message).not.toContain('citygrid-admin');
  });

  it('refuses production on the dev key secret, the default admin password or a change-me placeholder, without printing them', () => {
    const dev = refusal({ ...production, IDENTITY_KEY_SECRET: DEV_KEY_SECRET });
    expect(dev).toContain('IDENTITY_KEY_SECRET:');
    expect(dev).not.toContain(DEV_KEY_SECRET);
    expect(refusal({ ...production, ADMIN_PASSWORD: 'citygrid-admin' })).toContain('ADMIN_PASSWORD:');
    const placeholder = refusal({ ...production, ADMIN_PASSWORD: 'Change-Me-Admin-1' });
    expect(placeholder).toContain('ADMIN_PASSWORD:');
    expect(placeholder).not.toContain('Change-Me-Admin-1');
  });

  it('refuses production with a placeholder password in the database or NATS URL', () => {
    const message = refusal({ ...production, DATABASE_URL: 'postgres://identity:change-me@db:5432/citygrid', NATS_URL: 'nats://identity:CHANGE-ME@nats:4222' });
    expect(message).toContain('DATABASE_URL:');
    expect(message).toContain('NATS_URL:');
    expect(message).not.toMatch(/change-me/i);
    expect(loadIdentityEnv({}, { ...production, DATABASE_URL: 'postgres://identity:x8Jq2mQ@db:5432/citygrid' }).DATABASE_URL).toContain('x8Jq2mQ');
  });

  it('never prints a malformed key secret', () => {
    const message = refusal({ IDENTITY_KEY_SECRET: 'not-base64-but-secret-ish' });
    expect(message).toContain('IDENTITY_KEY_SECRET: IDENTITY_KEY_SECRET must be 32 bytes, base64 (matches) (value hidden: secret)');
    expect(message).not.toContain('not-base64-but-secret-ish');
  });
});
