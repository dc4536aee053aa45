import { randomUUID } from 'node:crypto';

import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@citygrid/auth';
import type { Role } from '@citygrid/contracts/identity';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

import { IDENTITY_ENV, type IdentityEnv } from '../config';
import { SIGNING_ALG, SigningKeysService } from '../keys/signing-keys.service';

/** Whom an access token speaks for (the claims besides iss, aud, jti, iat, exp). */
export interface TokenSubject {
  sub: string;
  kind: 'staff' | 'client';
  name: string;
  roles: Role[];
  node: string | null;
  dept: string | null;
  staff: string | null;
  scope: string;
  /** Session (refresh family) id, null for client credentials. */
  sid: string | null;
}

/** Signs access tokens: JWT, EdDSA with the active key, `typ: at+jwt` (RFC 9068), short-lived. */
@Injectable()
export class AccessTokensService {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  get ttlSeconds(): number {
    return this.env.ACCESS_TOKEN_TTL_S;
  }

  async issue(subject: TokenSubject): Promise<string> {
    const { kid, key } = await this.keys.active();
    const now = Math.floor(Date.now() / 1000);
    const { sub, ...claims } = subject;
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + this.env.ACCESS_TOKEN_TTL_S)
      .sign(key);
  }
}
