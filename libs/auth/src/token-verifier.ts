import { ErrorCode } from '@citygrid/contracts';
import type { AccessTokenClaims, Caller, Role } from '@citygrid/contracts/identity';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';

import { AccessDenied } from './scope';

/** Where the public keys come from: identity over NATS, or a fixed set (tests, air-gapped installs). */
export type JwksSource = () => Promise<JSONWebKeySet>;

export const TOKEN_ISSUER = 'citygrid-identity';
export const TOKEN_AUDIENCE = 'citygrid';

/** Refetch the key set at most this often when a token names an unknown key. */
const REFETCH_MIN_INTERVAL_MS = 5000;
/** Verified tokens remembered (the oldest is forgotten first): a few MB at most. */
const VERIFIED_CACHE_SIZE = 10_000;

interface Verified {
  caller: Caller;
  /** `exp`, epoch ms. */
  expiresAt: number;
  sid: string | null;
}

/**
 * Verifies CityGrid access tokens (EdDSA JWTs from identity) in every service, so a request that
 * reaches a service straight over NATS is judged by the same rules as one through the gateway.
 * Keys are cached; a token signed with a key not yet seen (after a rotation) triggers one refetch.
 *
 * A token verified once is remembered until it expires, so the signature (an EdDSA verification,
 * about 0.1 ms of CPU) is checked once per token and service, not once per request; expiry and
 * session revocation are checked on every use all the same.
 */
export class TokenVerifier {
  private keySet?: ReturnType<typeof createLocalJWKSet>;
  private kids = new Set<string>();
  private lastFetch = 0;
  private fetching?: Promise<void>;
  private readonly revoked = new Map<string, number>();
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly source: JwksSource) {}

  /** Verify a bearer token and return the caller it speaks for; 401 otherwise. */
  async verify(token: string | undefined): Promise<Caller> {
    if (!token) throw new AccessDenied(ErrorCode.Unauthenticated, 'A valid access token is required.');
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) {
      if (known.sid && this.isRevoked(known.sid)) throw new AccessDenied(ErrorCode.Unauthenticated, 'The session of this token was revoked.');
      return known.caller;
    }
    if (known) this.verified.delete(token);
    const kid = readKid(token);
    if (!this.keySet || (kid && !this.kids.has(kid) && Date.now() - this.lastFetch > REFETCH_MIN_INTERVAL_MS)) await this.refresh();
    if (!this.keySet) throw new AccessDenied(ErrorCode.Unauthenticated, 'Signing keys are not available yet.');
    let claims: AccessTokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.keySet, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: ['EdDSA'], typ: 'at+jwt', requiredClaims: ['exp', 'sub', 'jti'] });
      claims = payload as unknown as AccessTokenClaims;
    } catch (err) {
      throw new AccessDenied(ErrorCode.Unauthenticated, describe(err));
    }
    const sid = (claims as AccessTokenClaims & { sid?: string | null }).sid ?? null;
    if (sid && this.isRevoked(sid)) throw new AccessDenied(ErrorCode.Unauthenticated, 'The session of this token was revoked.');
    const caller = toCaller(claims);
    this.remember(token, { caller, expiresAt: Number(claims.exp) * 1000, sid });
    return caller;
  }

  private remember(token: string, entry: Verified): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, entry);
  }

  /** A session (refresh family) was revoked: refuse its access tokens until `untilMs`. */
  revokeSession(sessionId: string, untilMs: number): void {
    this.revoked.set(sessionId, untilMs);
  }

  private isRevoked(sid: string): boolean {
    const until = this.revoked.get(sid);
    if (until === undefined) return false;
    if (until < Date.now()) {
      this.revoked.delete(sid);
      return false;
    }
    return true;
  }

  private async refresh(): Promise<void> {
    this.fetching ??= (async () => {
      try {
        const jwks = await this.source();
        this.keySet = createLocalJWKSet(jwks);
        this.kids = new Set(jwks.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'));
      } catch {
        // Keep the keys we have; a token that needs a new key is refused until identity answers.
      } finally {
        this.lastFetch = Date.now();
        this.fetching = undefined;
      }
    })();
    await this.fetching;
  }
}

function readKid(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The access token has expired.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The access token signature is invalid.';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The access token was signed with an unknown key.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `The access token is not valid here (${err.claim}).`;
  return 'The access token is malformed or invalid.';
}

/** The caller a token speaks for, frozen: the same object answers every request with that token. */
function toCaller(c: AccessTokenClaims): Caller {
  return deepFreeze({
    id: c.sub,
    kind: c.kind === 'client' ? 'client' : 'staff',
    name: typeof c.name === 'string' ? c.name : c.sub,
    roles: Array.isArray(c.roles) ? (c.roles as Role[]) : [],
    nodeScope: typeof c.node === 'string' ? c.node : null,
    departmentCode: typeof c.dept === 'string' ? c.dept : null,
    staffId: typeof c.staff === 'string' ? c.staff : null,
    scopes: typeof c.scope === 'string' && c.scope ? c.scope.split(' ') : [],
  });
}

function deepFreeze(caller: Caller): Caller {
  Object.freeze(caller.roles);
  Object.freeze(caller.scopes);
  return Object.freeze(caller);
}

/**
 * A fixed key set from `AUTH_JWKS` (JSON). When set, a service trusts exactly these keys instead of
 * asking identity (tests, air-gapped installs); identity itself trusts them beside its own.
 */
export function staticJwksSource(json: string): JwksSource {
  const jwks = JSON.parse(json) as JSONWebKeySet;
  return () => Promise.resolve(jwks);
}
