import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationStore {
  correlationId: string;
  /** The caller's `Authorization` header, forwarded to services in NATS headers (never logged). */
  authorization?: string;
}

const storage = new AsyncLocalStorage<CorrelationStore>();

/** Run `fn` with a correlation id visible to logs, outgoing NATS requests and events. */
export function runWithCorrelation<T>(correlationId: string | undefined, fn: () => T, authorization?: string): T {
  return storage.run({ correlationId: sanitizeCorrelationId(correlationId) ?? randomUUID(), ...(authorization ? { authorization } : {}) }, fn);
}

/** The `Authorization` header of the HTTP request being served, if any. */
export function currentAuthorization(): string | undefined {
  return storage.getStore()?.authorization;
}

/** The correlation id of the current request, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Accept only short, printable ids from outside, so a header cannot inject into logs. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}
