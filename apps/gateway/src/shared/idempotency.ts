import { createHash } from 'node:crypto';

import { TokenVerifier } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { Subjects } from '@citygrid/messaging';
import { createLogger, SERVICE_NATS, ServiceError } from '@citygrid/service-kit';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { KV, NatsConnection } from 'nats';

/** How long a key is remembered: a retry within a day replays the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A claim older than this whose request never finished (its gateway died) may be taken over. */
const ABANDONED_MS = 60_000;
/** Largest answer kept for replay; a larger one is not kept (a retry then runs again). */
const MAX_KEPT_BYTES = 256 * 1024;
/** What a client may send as a key: 1 to 255 visible ASCII characters (a UUID, typically). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** An answer kept for replay. */
interface Kept {
  status: number;
  contentType: string | null;
  location: string | null;
  body: string;
}

/** What the store holds under a key: the request's fingerprint, and its answer once there is one. */
interface Entry {
  fingerprint: string;
  claimedAt: number;
  answer?: Kept;
}

/** What a claim found. */
export type Claim = { kind: 'new'; release: () => Promise<void>; complete: (answer: Kept) => Promise<void> } | { kind: 'replay'; answer: Kept } | { kind: 'in-flight' } | { kind: 'mismatch' };

/**
 * Idempotency keys, shared by every gateway replica: a JetStream key-value bucket (one per
 * deployment, `<stream>_IDEMPOTENCY`, entries expiring after 24 h). A key is claimed atomically
 * (`create` fails when it exists), so two copies of a request racing each other run once.
 */
export class IdempotencyStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket: string): Promise<IdempotencyStore> {
    const kv = await nc.jetstream().views.kv(bucket, { history: 1, ttl: IDEMPOTENCY_TTL_MS, maxValueSize: MAX_KEPT_BYTES + 4096 });
    return new IdempotencyStore(kv);
  }

  /** Claim `key` (already namespaced by caller) for a request with `fingerprint`. */
  async claim(key: string, fingerprint: string): Promise<Claim> {
    const id = createHash('sha256').update(key).digest('hex');
    const fresh: Entry = { fingerprint, claimedAt: Date.now() };
    const owned = (revision: number): Claim => ({
      kind: 'new',
      release: async () => void (await this.kv.delete(id).catch(() => undefined)),
      complete: async (answer) => {
        const entry: Entry = { ...fresh, answer };
        const bytes = JSON.stringify(entry);
        if (Buffer.byteLength(bytes) > MAX_KEPT_BYTES) await this.kv.delete(id).catch(() => undefined);
        else await this.kv.update(id, bytes, revision).catch(() => undefined);
      },
    });
    try {
      return owned(await this.kv.create(id, JSON.stringify(fresh)));
    } catch {
      // it exists: look at what it holds
    }
    const found = await this.kv.get(id);
    if (!found || found.operation !== 'PUT') {
      // deleted (a failure released it) or expired between the two calls: claim it again
      return owned(await this.kv.create(id, JSON.stringify(fresh)));
    }
    const entry = found.json<Entry>();
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.answer) return { kind: 'replay', answer: entry.answer };
    if (Date.now() - entry.claimedAt > ABANDONED_MS) return owned(await this.kv.update(id, JSON.stringify(fresh), found.revision));
    return { kind: 'in-flight' };
  }
}

/** Injection token of the gateway's {@link IdempotencyStore}. */
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** The store's provider: the bucket of this deployment's stream, opened at start-up. */
export const idempotencyStoreProvider = {
  provide: IDEMPOTENCY_STORE,
  inject: [SERVICE_NATS, Subjects],
  useFactory: (nc: NatsConnection, subjects: Subjects): Promise<IdempotencyStore> => IdempotencyStore.open(nc, `${subjects.stream}_IDEMPOTENCY`),
};

/** Paths a key means nothing on: logging in and out, and the token endpoint, are no creations to repeat. */
const NOT_KEYED = /^\/(auth|oauth)\//i;

/**
 * `Idempotency-Key` on a POST: the first request with a key runs, and its answer (any status
 * below 500) is kept for 24 h under the caller and the key; a retry with the same key and the
 * same request gets that answer again (`Idempotent-Replayed: true`) and changes nothing; the same
 * key with another request is 422; one arriving while the first still runs is 409. The caller is
 * the verified account or client of the bearer token, or the holder of the Open311 `api_key`
 * (namespaced by its hash). A 5xx is not kept: the retry runs again. Without the header nothing
 * changes. A multipart request is told apart by its length and type, its files unread here.
 */
@Injectable()
export class IdempotencyMiddleware implements NestMiddleware {
  private readonly logger = createLogger('gateway-idempotency', 'info');

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly verifier: TokenVerifier,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || NOT_KEYED.test(req.path)) return next();
    try {
      if (Array.isArray(header) || !KEY.test(header)) {
        throw ServiceError.validation([{ field: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters, given once' }]);
      }
      const caller = await this.callerOf(req);
      if (!caller) return next();
      const fingerprint = createHash('sha256')
        .update(`${req.method} ${req.originalUrl}\n`)
        .update(req.is('multipart/form-data') ? `multipart ${req.headers['content-length'] ?? ''}` : JSON.stringify(req.body ?? null))
        .digest('hex');
      const claim = await this.store.claim(`${caller}\n${header}`, fingerprint).catch((err: unknown) => {
        this.logger.error({ err }, 'idempotency store unavailable');
        throw new ServiceError(ErrorCode.Unavailable, 'Idempotency keys cannot be checked right now; retry with the same key later.');
      });
      if (claim.kind === 'mismatch')
        throw new ServiceError(ErrorCode.Unprocessable, 'This Idempotency-Key was used with another request.', [{ field: 'Idempotency-Key', reason: 'was used with another request' }]);
      if (claim.kind === 'in-flight') throw new ServiceError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still being processed; retry shortly.');
      if (claim.kind === 'replay') {
        const a = claim.answer;
        res.status(a.status).setHeader('Idempotent-Replayed', 'true');
        if (a.contentType) res.setHeader('Content-Type', a.contentType);
        if (a.location) res.setHeader('Location', a.location);
        res.end(a.body);
        return;
      }
      this.keep(res, claim);
      next();
    } catch (err) {
      next(err);
    }
  }

  /** The caller a key belongs to: the verified subject of the bearer token, or the hash of an Open311 api_key; none for anonymous requests. */
  private async callerOf(req: Request): Promise<string | undefined> {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
      // an invalid token carries no key: the guard answers it 401
      const caller = await this.verifier.verify(auth.slice(7)).catch(() => undefined);
      return caller ? `${caller.kind}:${caller.id}` : undefined;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const header = req.headers['x-api-key'];
    const apiKey =
      typeof header === 'string' && header !== '' ? header : typeof body['api_key'] === 'string' ? body['api_key'] : typeof req.query['api_key'] === 'string' ? req.query['api_key'] : undefined;
    return apiKey ? `open311:${createHash('sha256').update(apiKey).digest('hex')}` : undefined;
  }

  /** Keep the answer once it is sent (below 500), or release the key (a 5xx, or a request that never finished). */
  private keep(res: Response, claim: Extract<Claim, { kind: 'new' }>): void {
    const send = res.send.bind(res);
    let body: string | undefined;
    res.send = ((chunk?: unknown) => {
      if (body === undefined) body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk === undefined ? '' : JSON.stringify(chunk);
      return send(chunk as never);
    }) as Response['send'];
    res.once('close', () => {
      const done = res.writableFinished && body !== undefined && res.statusCode < 500;
      const contentType = res.getHeader('content-type');
      const location = res.getHeader('location');
      void (
        done
          ? claim.complete({ status: res.statusCode, contentType: typeof contentType === 'string' ? contentType : null, location: typeof location === 'string' ? location : null, body: body ?? '' })
          : claim.release()
      ).catch(() => undefined);
    });
  }
}
