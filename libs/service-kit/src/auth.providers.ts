import { staticJwksSource, TokenVerifier, type JwksSource } from '@citygrid/auth';
import { IdentityRpc } from '@citygrid/contracts/identity';
import { EventFollower, Subjects } from '@citygrid/messaging';
import { type OnApplicationBootstrap, type OnApplicationShutdown, Inject, Injectable, Logger, type Provider, type Type } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import { SERVICE_NATS } from './nats.providers';
import { RpcClient } from './rpc-client';

export const JWKS_SOURCE = Symbol('JWKS_SOURCE');
/** Injection token: how long a revoked session's tokens may still be presented (the access-token lifetime), ms. */
export const REVOCATION_TTL_MS = Symbol('REVOCATION_TTL_MS');

/** Ask identity for its public keys (`identity.keys.jwks`, public). */
export function rpcJwksSource(rpc: RpcClient): JwksSource {
  return () => rpc.send(IdentityRpc.keysJwks, {}, { anonymous: true });
}

/**
 * Keeps the verifier's list of revoked sessions: learns revocations from identity's events as they
 * happen and, at start, asks for the ones revoked while this service was down.
 */
@Injectable()
export class SessionRevocationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionRevocationListener.name);
  private follower?: EventFollower;

  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    private readonly rpc: RpcClient,
    @Inject(REVOCATION_TTL_MS) private readonly ttlMs: number,
    private readonly subjects: Subjects,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // An ordered consumer: after a reconnect it resumes where it was, so no revocation goes unheard.
    this.follower = new EventFollower({
      nc: this.nc,
      stream: this.subjects.stream,
      filterSubject: this.subjects.event('citygrid.identity.session.revoked'),
      onEvent: (event) => {
        const sessionId = (event.data as { sessionId?: unknown } | undefined)?.sessionId;
        if (typeof sessionId === 'string') this.verifier.revokeSession(sessionId, Date.now() + this.ttlMs);
      },
      // then the sessions revoked before this service was listening
      onFollowing: () => this.loadRecentlyRevoked(),
    });
    await this.follower.start();
    // not following yet (the stream is not there): load now, and again once following
    if (!this.follower.following) await this.loadRecentlyRevoked();
  }

  private async loadRecentlyRevoked(): Promise<void> {
    try {
      const { sessionIds } = await this.rpc.send(IdentityRpc.sessionRevokedList, {}, { anonymous: true });
      for (const sid of sessionIds) this.verifier.revokeSession(sid, Date.now() + this.ttlMs);
    } catch {
      this.logger.warn('identity did not answer the revoked-session list; relying on events from now on');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }
}

/**
 * Providers every service adds (beside `natsProviders`): the token verifier (keys from
 * `AUTH_JWKS` when set, else from identity over NATS) and the revocation listener.
 */
export function authProviders(opts: {
  /** The issuer's own key source (identity), resolved through DI; others ask identity over NATS. */
  ownKeys?: { inject: Array<string | symbol | Type<unknown>>; useFactory: (...deps: never[]) => JwksSource };
  /** Access-token lifetime, s (identity's `ACCESS_TOKEN_TTL_S`): how long a revocation must be remembered. Default 600. */
  accessTokenTtlS?: number;
  /** `AUTH_JWKS`: a pinned key set (JSON), trusted beside (or, without `ownKeys`, instead of) identity's. */
  pinnedJwks?: string;
}): Provider[] {
  return [
    { provide: REVOCATION_TTL_MS, useValue: (opts.accessTokenTtlS ?? 600) * 1000 },
    {
      provide: JWKS_SOURCE,
      inject: [RpcClient, ...(opts.ownKeys?.inject ?? [])],
      useFactory: (rpc: RpcClient, ...deps: unknown[]): JwksSource => {
        const pinned = opts.pinnedJwks;
        const own = opts.ownKeys ? (opts.ownKeys.useFactory as (...d: unknown[]) => JwksSource)(...deps) : undefined;
        if (pinned && !own) return staticJwksSource(pinned);
        const primary = own ?? rpcJwksSource(rpc);
        if (!pinned) return primary;
        // Keys pinned by the operator are trusted beside the issuer's own (tests, migrations).
        const extra = staticJwksSource(pinned);
        return async () => ({ keys: [...(await primary()).keys, ...(await extra()).keys] });
      },
    },
    { provide: TokenVerifier, inject: [JWKS_SOURCE], useFactory: (source: JwksSource) => new TokenVerifier(source) },
    SessionRevocationListener,
  ];
}
