import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { createParamDecorator } from '@nestjs/common';

import { ServiceError } from './service-error';

/**
 * What a service knows about the request it is serving, wherever it is in the code: set once by
 * the HTTP edge (`bootstrapService`) or by the RPC server (`RpcContextInterceptor`), read by
 * logs, the RPC client, the event recorder and the audit trail. The one place the caller travels:
 * no service method takes an `authorization` parameter.
 */
export interface RequestContext {
  /** Request id (`X-Request-Id`), carried by logs, outgoing requests and the events it causes. */
  readonly correlationId: string;
  /** The verified caller, once its token has been checked. */
  readonly caller?: Caller;
  /** The caller's `Authorization` value (`Bearer <jwt>`), forwarded to the services it asks (never logged). */
  readonly authorization?: string;
  /** Epoch milliseconds by which the answer must be back with whoever asked; none outside a request. */
  readonly deadline?: number;
  /** The request's `If-Match` (an ETag such as `"7"`), forwarded to the services it asks: a change checks it against the version it changes. */
  readonly ifMatch?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Run `fn` in a new request context (a missing or unsafe correlation id gets a fresh one). */
export function runInContext<T>(ctx: Partial<RequestContext>, fn: () => T): T {
  const correlationId = sanitizeCorrelationId(ctx.correlationId) ?? randomUUID();
  return storage.run({ ...ctx, correlationId }, fn);
}

/** Run `fn` on behalf of a verified caller, keeping the rest of the current context. */
export function runAsCaller<T>(caller: Caller, fn: () => T): T {
  const current = storage.getStore();
  return storage.run({ ...(current ?? { correlationId: randomUUID() }), caller }, fn);
}

/** The context of the request being served, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The correlation id of the current request, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** The `Authorization` value of the request being served, if any. */
export function currentAuthorization(): string | undefined {
  return storage.getStore()?.authorization;
}

/** The verified caller of the current request, or undefined outside one. */
export function currentCaller(): Caller | undefined {
  return storage.getStore()?.caller;
}

/** The verified caller, or 401. */
export function requireCaller(): Caller {
  const caller = storage.getStore()?.caller;
  if (!caller) throw new ServiceError(ErrorCode.Unauthenticated, 'A valid access token is required.');
  return caller;
}

/** Milliseconds left before the current request's deadline; undefined when it has none. */
export function remainingMs(): number | undefined {
  const deadline = storage.getStore()?.deadline;
  return deadline === undefined ? undefined : deadline - Date.now();
}

/**
 * Refuse (503) to go on with work whose caller has stopped waiting: called before a change
 * commits, so that an answer of 503 (the caller's own timeout) never hides a committed change
 * that a retry would then make twice.
 */
export function assertWithinDeadline(): void {
  const left = remainingMs();
  if (left !== undefined && left <= 0) throw new ServiceError(ErrorCode.Unavailable, 'The request ran out of time; nothing was changed.');
}

/**
 * Inside the transaction of a change to a resource at `version`: when the request carried
 * `If-Match` (its ETag, `"<version>"`, weak or strong, or a list of them, or `*`) and it names
 * another version, refuse with 412 so the change rolls back: someone changed the resource since
 * the client read it.
 */
export function assertIfMatch(version: number): void {
  const ifMatch = storage.getStore()?.ifMatch;
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(`"${version}"`)) return;
  throw new ServiceError(ErrorCode.PreconditionFailed, `The resource is at version ${version} now; read it again (its ETag is "${version}") and retry.`);
}

/** Handler parameter: the verified caller of this request. */
export const CurrentCaller = createParamDecorator((): Caller => requireCaller());

/** Handler parameter of a `@Public()` handler: the verified caller when the request carried a token, else undefined (anonymous). */
export const CallerIfAny = createParamDecorator((): Caller | undefined => storage.getStore()?.caller);

/** Accept only short, printable ids from outside, so a header cannot inject into logs. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}
