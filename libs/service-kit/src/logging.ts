import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { CORRELATION_HEADER } from '@citygrid/contracts';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino, { type Logger as PinoLogger } from 'pino';

import { currentCorrelationId, sanitizeCorrelationId } from './request-context';

/**
 * Paths never written to logs in clear. Personal data (ID numbers, phones) and credentials are
 * censored wherever they appear in a logged object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.idNumber',
  '*.phone',
  '*.*.idNumber',
  '*.*.phone',
  '*.*.*.idNumber',
  '*.*.*.phone',
];

/** An ID number (17 digits and a check character) or a mainland mobile standing alone in text. */
const PERSONAL_NUMBER = /(?<![0-9])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/g;

/** Query parameters that carry a credential (Open311's `api_key`, a token, a password, a secret, a signature). */
const SECRET_PARAM = /(?<=[?&])((?:api[_-]?key|access[_-]?token|refresh[_-]?token|token|password|client[_-]?secret|secret|sign|signature|key)(?:%5B[^=&]*%5D)?)=[^&#]*/gi;

/**
 * A URL fit for the access log. Credentials in the query (`api_key=…`, `token=…`, `password=…`)
 * are replaced by `[redacted]`; and the API never takes personal numbers in URLs, but a client
 * may still send one (`GET /residents?idNumber=...`, refused with 400 yet logged): such digits are
 * masked before the line is written.
 */
export function scrubUrl(url: string): string {
  return url
    .replace(SECRET_PARAM, (_m, name: string) => `${name}=[redacted]`)
    .replace(PERSONAL_NUMBER, (m) => (m.length === 18 ? `${m.slice(0, 6)}********${m.slice(14)}` : `${m.slice(0, 3)}****${m.slice(7)}`));
}

/**
 * The correlation id of the work in hand, on every line once: a logger that already carries it
 * as a binding (the request's own logger) gets nothing more, so no line has the key twice.
 */
function mixin(_merge: object, _level: number, logger?: { bindings(): Record<string, unknown> }): Record<string, string> {
  const correlationId = currentCorrelationId();
  if (!correlationId || logger?.bindings()['correlationId'] !== undefined) return {};
  return { correlationId };
}

/** Marks a request whose access line is already due, so a second registration of the logger middleware adds none. */
const ACCESS_LOGGED = Symbol('citygrid.access-logged');

/**
 * Whether a request gets no access line: probes and scrapes, and a request already taken by the
 * logger middleware (Nest registers it once for the prefixed API and once more for each path
 * excluded from the prefix, such as `/open311/…`, which both match).
 */
export function skipAccessLog(req: IncomingMessage & { [ACCESS_LOGGED]?: true }): boolean {
  if ((req.url ?? '').startsWith('/health') || req.url === '/metrics') return true;
  if (req[ACCESS_LOGGED]) return true;
  req[ACCESS_LOGGED] = true;
  return false;
}

/** pino options shared by the HTTP logger and standalone loggers. */
export function pinoOptions(service: string, level: string): pino.LoggerOptions {
  return {
    level,
    base: { service },
    mixin,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/**
 * A standalone JSON logger (for CLIs and library code outside Nest).
 *
 * @param level the service's validated `LOG_LEVEL` (a start-up failure, logged without a config, uses `info`)
 */
export function createLogger(service: string, level: string): PinoLogger {
  return pino(pinoOptions(service, level));
}

/** nestjs-pino parameters: JSON logs with request ids taken from (or added as) `X-Request-Id`. */
export function loggerParams(service: string, level: string): Params {
  return {
    // every route, in the router's own syntax (a bare `*` is converted, with a warning at each start)
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      ...pinoOptions(service, level),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        if (req.id !== undefined) return req.id;
        const id = sanitizeCorrelationId(req.headers[CORRELATION_HEADER]) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // the request's logger carries its correlation id (the request id) as a binding: once per line
      customProps: (req: IncomingMessage) => ({ correlationId: String(req.id) }),
      autoLogging: { ignore: skipAccessLog },
      // an answer the platform failed to give is an operator's concern; a refused request is not
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        // the request id is the correlationId already; headers stay out (credentials, cookies)
        req: (req: { method: string; url: string }) => ({ method: req.method, url: scrubUrl(req.url) }),
        // the status is what an operator reads; the headers are the same on every line
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
