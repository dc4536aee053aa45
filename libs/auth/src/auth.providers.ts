import { eventSubject, rpcSubject } from '@citygrid/messaging';
import { type OnApplicationBootstrap, type OnApplicationShutdown, Inject, Injectable, Logger, type Provider, SetMetadata, type Type } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { connect, JSONCodec, type NatsConnection, type Subscription } from 'nats';

import { TokenVerifier, type JwksSource } from './token-verifier';

/** Handlers marked `@Public()` need no caller (login, token, key set). */
export const IS_PUBLIC = 'citygrid:public';
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const JWKS_SOURCE = Symbol('JWKS_SOURCE');
export const AUTH_NATS = Symbol('AUTH_NATS');

const codec = JSONCodec();

/** Ask identity for its public keys over NATS (the Nest request shape `{ id, pattern, data }`). */
export function natsJwksSource(nc: NatsConnection): JwksSource {
  return async () => {
    const pattern = rpcSubject('identity.keys.jwks');
    const msg = await nc.request(pattern, codec.encode({ id: `jwks-${Date.now()}`, pattern, data: { payload: {} } }), { timeout: 3000 });
    const reply = codec.decode(msg.data) as { response?: JSONWebKeySet; err?: unknown };
    if (!reply.response) throw new Error('identity did not return a key set');
    return reply.response;
  };
}

/**
 * A fixed key set from `AUTH_JWKS` (JSON). When set, a service trusts exactly these keys instead of
 * asking identity (tests, air-gapped installs); identity itself trusts them beside its own.
 */
export function staticJwksSource(json: string): JwksSource {
  const jwks = JSON.parse(json) as JSONWebKeySet;
  return () => Promise.resolve(jwks);
}

/**
 * Keeps the verifier's list of revoked sessions: learns revocations from identity's events as they
 * happen and, at start, asks for the ones revoked while this service was down.
 */
@Injectable()
export class SessionRevocationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionRevocationListener.name);
  private sub?: Subscription;
  private nc?: NatsConnection;

  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(AUTH_NATS) private readonly natsUrl: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nc = await connect({ servers: this.natsUrl.split(','), name: 'auth-revocations', maxReconnectAttempts: -1, waitOnFirstConnect: true });
    const ttlMs = Number(process.env['ACCESS_TOKEN_TTL_S'] ?? 600) * 1000;
    this.sub = this.nc.subscribe(eventSubject('citygrid.identity.session.revoked'), {
      callback: (err, msg) => {
        if (err) return;
        try {
          const event = msg.json<{ data?: { sessionId?: string } }>();
          if (event.data?.sessionId) this.verifier.revokeSession(event.data.sessionId, Date.now() + ttlMs);
        } catch {
          // not a revocation event
        }
      },
    });
    try {
      const pattern = rpcSubject('identity.session.revoked-list');
      const msg = await this.nc.request(pattern, codec.encode({ id: `rev-${Date.now()}`, pattern, data: { payload: {} } }), { timeout: 2000 });
      const reply = codec.decode(msg.data) as { response?: { sessionIds?: string[] } };
      for (const sid of reply.response?.sessionIds ?? []) this.verifier.revokeSession(sid, Date.now() + ttlMs);
    } catch {
      this.logger.warn('identity did not answer the revoked-session list; relying on events from now on');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.unsubscribe();
    await this.nc?.drain().catch(() => undefined);
  }
}

/**
 * Providers every service adds: the token verifier (keys from `AUTH_JWKS` when set, else from
 * identity over NATS) and the revocation listener.
 */
export function authProviders(opts: {
  natsUrl: string;
  /** The issuer's own key source (identity), resolved through DI; others ask identity over NATS. */
  ownKeys?: { inject: Array<string | symbol | Type<unknown>>; useFactory: (...deps: never[]) => JwksSource };
}): Provider[] {
  return [
    { provide: AUTH_NATS, useValue: opts.natsUrl },
    {
      provide: JWKS_SOURCE,
      inject: opts.ownKeys?.inject ?? [],
      useFactory: async (...deps: unknown[]): Promise<JwksSource> => {
        const pinned = process.env['AUTH_JWKS'];
        const own = opts.ownKeys ? (opts.ownKeys.useFactory as (...d: unknown[]) => JwksSource)(...deps) : undefined;
        if (pinned && !own) return staticJwksSource(pinned);
        let primary = own;
        if (!primary) {
          const nc = await connect({ servers: opts.natsUrl.split(','), name: 'auth-jwks', maxReconnectAttempts: -1, waitOnFirstConnect: true });
          primary = natsJwksSource(nc);
        }
        if (!pinned) return primary;
        // Keys pinned by the operator are trusted beside the issuer's own (tests, migrations).
        const extra = staticJwksSource(pinned);
        const source = primary;
        return async () => ({ keys: [...(await source()).keys, ...(await extra()).keys] });
      },
    },
    { provide: TokenVerifier, inject: [JWKS_SOURCE], useFactory: (source: JwksSource) => new TokenVerifier(source) },
    SessionRevocationListener,
  ];
}
