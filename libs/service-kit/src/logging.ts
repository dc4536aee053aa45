import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { CORRELATION_HEADER } from '@citygrid/contracts';
import type { Params } from 'nestjs-pino';
import pino, { type Logger as PinoLogger } from 'pino';

import { currentCorrelationId, sanitizeCorrelationId } from './correlation';

/**
 * Paths never written to logs in clear. Personal data (ID numbers, phones) and credentials are
 * censored wherever they appear in a logged object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.idNumber',
  '*.phone',
  '*.*.idNumber',
  '*.*.phone',
];

function mixin(): Record<string, string> {
  const correlationId = currentCorrelationId();
  return correlationId ? { correlationId } : {};
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

/** A standalone JSON logger (for CLIs and library code outside Nest). */
export function createLogger(service: string, level = process.env['LOG_LEVEL'] ?? 'info'): PinoLogger {
  return pino(pinoOptions(service, level));
}

/** nestjs-pino parameters: JSON logs with request ids taken from (or added as) `X-Request-Id`. */
export function loggerParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      ...pinoOptions(service, level),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        if (req.id !== undefined) return req.id;
        const id = sanitizeCorrelationId(req.headers[CORRELATION_HEADER]) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: () => mixin(),
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  };
}
