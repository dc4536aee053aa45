import { randomUUID } from 'node:crypto';

import type { Caller } from '@citygrid/contracts/identity';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';

/**
 * Signs access tokens the way identity does, with a key of the test's own. Start services with
 * `AUTH_JWKS: tokens.jwksJson` so they trust it; then `tokens.sign({...})` gives a bearer token
 * for any caller a test needs.
 */
export class TestTokens {
  private constructor(
    private readonly privateKey: KeyLike,
    readonly kid: string,
    /** The public key set, as JSON, for the `AUTH_JWKS` env of the services under test. */
    readonly jwksJson: string,
  ) {}

  static async create(): Promise<TestTokens> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const kid = `test-${randomUUID()}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    return new TestTokens(privateKey, kid, JSON.stringify({ keys: [jwk] }));
  }

  /** A signed access token for `caller` (defaults: a staff member with no roles). */
  async sign(caller: Partial<Caller> & { sid?: string }, opts: { expiresInS?: number; issuer?: string; audience?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      kind: caller.kind ?? 'staff',
      name: caller.name ?? 'tester',
      roles: caller.roles ?? [],
      node: caller.nodeScope ?? null,
      dept: caller.departmentCode ?? null,
      staff: caller.staffId ?? null,
      scope: (caller.scopes ?? []).join(' '),
      sid: caller.sid ?? null,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid, typ: 'at+jwt' })
      .setIssuer(opts.issuer ?? 'citygrid-identity')
      .setAudience(opts.audience ?? 'citygrid')
      .setSubject(caller.id ?? randomUUID())
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + (opts.expiresInS ?? 600))
      .sign(this.privateKey);
  }
}
