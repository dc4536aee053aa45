import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { IdentityEvents, type SessionRevokedReason } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { IDENTITY_ENV, type IdentityEnv } from '../config';
import { RefreshToken, Session } from '../shared/entities';

/** Refresh tokens are stored only as this hash: a copy of the table cannot be replayed. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What a refresh attempt came to. */
export type RotateOutcome = { kind: 'rotated'; sessionId: string; accountId: string; refreshToken: string } | { kind: 'refused'; reason: string };

/**
 * Login sessions: each is a family of single-use refresh tokens. A refresh marks the presented
 * token used and issues the next one in the same family; presenting a used token again means it
 * was copied, so the whole family is revoked (RFC 9700 §4.14.2) and every service is told through
 * `citygrid.identity.session.revoked`.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  /** Open a session for an account; returns its id and first refresh token. */
  async open(accountId: string): Promise<{ sessionId: string; refreshToken: string }> {
    const em = this.orm.em.fork();
    const session = Object.assign(new Session(), { id: randomUUID(), accountId, createdAt: new Date() });
    let refreshToken = '';
    await em.transactional(async (tx) => {
      // no ORM relation between the two: flush the session first for the foreign key
      await tx.persist(session).flush();
      refreshToken = this.addToken(tx, session.id, accountId);
    });
    return { sessionId: session.id, refreshToken };
  }

  /**
   * Exchange a refresh token for the next one. `accountUsable` says whether the account may still
   * get tokens (not disabled). Revocation on reuse commits even though the request is refused.
   */
  async rotate(presented: string, accountUsable: (accountId: string, tx: EntityManager) => Promise<boolean>): Promise<RotateOutcome> {
    const now = new Date();
    return this.orm.em.fork().transactional(async (tx): Promise<RotateOutcome> => {
      const token = await tx.findOne(RefreshToken, { tokenHash: hashRefreshToken(presented) });
      if (!token) return { kind: 'refused', reason: 'The refresh token is invalid.' };
      const session = await tx.findOne(Session, { id: token.sessionId });
      if (!session || session.revokedAt) return { kind: 'refused', reason: 'The session of this refresh token was revoked.' };
      if (token.usedAt) {
        await this.revokeIn(tx, session, 'refresh-token-reuse');
        this.logger.warn({ sessionId: session.id, accountId: session.accountId }, 'a used refresh token was presented again: session revoked');
        return { kind: 'refused', reason: 'The refresh token was already used; the session is revoked.' };
      }
      if (token.expiresAt <= now) return { kind: 'refused', reason: 'The refresh token has expired.' };
      if (!(await accountUsable(token.accountId, tx))) return { kind: 'refused', reason: 'The account is disabled.' };
      // Two requests racing with one token: only one marks it; the other is a reuse.
      const marked = await tx.nativeUpdate(RefreshToken, { id: token.id, usedAt: null }, { usedAt: now });
      if (marked !== 1) {
        await this.revokeIn(tx, session, 'refresh-token-reuse');
        return { kind: 'refused', reason: 'The refresh token was already used; the session is revoked.' };
      }
      return { kind: 'rotated', sessionId: session.id, accountId: session.accountId, refreshToken: this.addToken(tx, session.id, session.accountId) };
    });
  }

  /** Logout: revoke the session of this refresh token. True when a live session was ended. */
  async revokeByToken(presented: string, reason: SessionRevokedReason): Promise<boolean> {
    return this.orm.em.fork().transactional(async (tx) => {
      const token = await tx.findOne(RefreshToken, { tokenHash: hashRefreshToken(presented) });
      if (!token) return false;
      const session = await tx.findOne(Session, { id: token.sessionId });
      return session ? this.revokeIn(tx, session, reason) : false;
    });
  }

  /** Revoke every live session of an account (inside the caller's transaction). */
  async revokeAllOf(tx: EntityManager, accountId: string, reason: SessionRevokedReason): Promise<number> {
    let n = 0;
    for (const session of await tx.find(Session, { accountId, revokedAt: null })) if (await this.revokeIn(tx, session, reason)) n++;
    return n;
  }

  /** Sessions revoked within the last access-token lifetime: their tokens may still be unexpired. */
  async recentlyRevoked(): Promise<string[]> {
    const since = new Date(Date.now() - this.env.ACCESS_TOKEN_TTL_S * 1000);
    const rows = await this.orm.em.fork().find(Session, { revokedAt: { $gt: since } }, { fields: ['id'], orderBy: { revokedAt: 'asc' } });
    return rows.map((s) => s.id);
  }

  /** Revoke once (a concurrent revocation wins quietly) and record the event in the same transaction. */
  private async revokeIn(tx: EntityManager, session: Session, reason: SessionRevokedReason): Promise<boolean> {
    const revokedAt = new Date();
    const changed = await tx.nativeUpdate(Session, { id: session.id, revokedAt: null }, { revokedAt, revokedReason: reason });
    if (changed !== 1) return false;
    this.events.record(tx, IdentityEvents.sessionRevoked, session.id, { sessionId: session.id, accountId: session.accountId, revokedAt: revokedAt.toISOString(), reason });
    return true;
  }

  private addToken(tx: EntityManager, sessionId: string, accountId: string): string {
    const refreshToken = randomBytes(32).toString('base64url');
    const now = new Date();
    tx.persist(
      Object.assign(new RefreshToken(), {
        id: randomUUID(),
        tokenHash: hashRefreshToken(refreshToken),
        sessionId,
        accountId,
        usedAt: null,
        expiresAt: new Date(now.getTime() + this.env.REFRESH_TOKEN_TTL_S * 1000),
        createdAt: now,
      }),
    );
    return refreshToken;
  }
}
