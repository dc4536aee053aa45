import { ErrorCode } from '@citygrid/contracts';

import { ServiceError } from './service-error';

/** Seconds a client is told to wait (`Retry-After`) when a dependency is down: a restart or a failover takes about that long. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** Socket errors of a peer that is down, restarting or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now (not of a bad statement): class 08
 * (connection exception), 57P01-57P03 (shutting down, crash recovery, not accepting connections)
 * and 53300 (too many connections).
 */
const POSTGRES_STATES = /^(08\d{3}|57P0[123]|53300)$/;

/** What node-postgres, knex's pool and MikroORM say when the connection is gone (they carry no code). */
const MESSAGES =
  /Connection terminated|Timeout acquiring a connection|Client has encountered a connection error|connection (is )?closed|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether `err` says that a dependency (the database, an object store, a mail server) is
 * unavailable, rather than that the code is wrong: by its error code, its SQLSTATE, MikroORM's
 * `ConnectionException`, or the messages of a dropped connection; the causes it wraps
 * (`cause`, MikroORM's `previous`) are looked at too.
 */
export function isDependencyUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e !== null && typeof e === 'object' && !seen.has(e);) {
    seen.add(e);
    const { code, name, message, cause, previous } = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; previous?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || POSTGRES_STATES.test(code))) return true;
    if (name === 'ConnectionException') return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    e = previous ?? cause;
  }
  return false;
}

/** The 503 answered for an unavailable dependency (never its message: it may name hosts and users). */
export function dependencyUnavailable(what = 'A service this request needs'): ServiceError {
  return new ServiceError(ErrorCode.Unavailable, `${what} is unavailable right now; try again shortly.`, undefined, UNAVAILABLE_RETRY_AFTER_S);
}
