import { ERROR_HTTP_STATUS, ErrorCode, type FieldError } from '@citygrid/contracts';
import { dependencyUnavailable, errorTitle, isDependencyUnavailable, scrubUrl, ServiceError, UNAVAILABLE_RETRY_AFTER_S } from '@citygrid/service-kit';
import { STATUS_CODES } from 'node:http';

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { OAuthErrorFilter } from './oauth-error';
import { renderList } from '../open311/geo-report';

/** RFC 9457 problem details. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Field-level reasons. */
  errors?: FieldError[];
  /** The `X-Request-Id` of this request, to quote to an operator. */
  requestId?: string;
}

const PROBLEM_BASE = 'https://citygrid.dev/problems/';

const STATUS_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.Unprocessable,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
};

/** Every error leaves the gateway as `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');
  private readonly oauth = new OAuthErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    // Express routes paths case-insensitively, so the checks here do too. A token request the body
    // parser refused never reached the endpoint and its own filter: OAuth clients still get RFC 6749's format.
    const path = (req.path ?? '').toLowerCase();
    if (path.replace(/\/+$/, '') === '/oauth/token' && req.method === 'POST') {
      this.oauth.catch(exception, host);
      return;
    }
    // a dependency of the gateway's own (the object store) that is down is a 503, not a bug
    const unavailable = !(exception instanceof ServiceError) && !(exception instanceof HttpException) && isDependencyUnavailable(exception);
    if (unavailable) this.logger.warn({ err: exception }, 'a dependency is unavailable');
    const error = unavailable ? dependencyUnavailable() : exception;
    const problem = this.toProblem(error, req);
    if (problem.status >= 500 && problem.status !== 503) this.logger.error({ err: exception }, 'unhandled error');
    // When to come back (RFC 9110 §10.2.3, delay in seconds): as the service says, or for any 503
    // (a service, the bus or a database down) the time a restart or a failover takes.
    const retryAfterS = error instanceof ServiceError ? error.retryAfterS : undefined;
    if (retryAfterS !== undefined || problem.status === 503) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterS ?? UNAVAILABLE_RETRY_AFTER_S))));
    // Open311 clients expect the specification's own error list, in the format they asked for.
    if (path.startsWith('/open311/')) {
      const details = problem.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ');
      const out = renderList('errors', [{ code: problem.status, description: details ? `${problem.detail} (${details})` : problem.detail }], path.endsWith('.xml') ? 'xml' : 'json');
      res.status(problem.status).type(out.contentType).send(out.body);
      return;
    }
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="citygrid"');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: Request & { id?: string }): ProblemDocument {
    // the URL as the access log has it: a credential in the query (Open311's api_key) is never echoed
    const base = { instance: scrubUrl(req.originalUrl ?? req.url), ...(req.id ? { requestId: String(req.id) } : {}) };
    if (exception instanceof ServiceError) {
      return {
        type: PROBLEM_BASE + exception.code,
        title: errorTitle(exception.code),
        status: ERROR_HTTP_STATUS[exception.code],
        detail: exception.detail,
        ...base,
        ...(exception.errors?.length ? { errors: exception.errors } : {}),
      };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : bodyParserStatus(exception);
    if (status !== undefined) {
      const code = STATUS_CODE[status];
      // a router 404 names the URL it could not match ("Cannot GET /…?api_key=…"): scrubbed like the instance
      const message = scrubUrl(exception instanceof HttpException ? httpMessage(exception) : (exception as Error).message);
      return { type: code ? PROBLEM_BASE + code : 'about:blank', title: code ? errorTitle(code) : (STATUS_CODES[status] ?? 'Error'), status, detail: message, ...base };
    }
    return { type: PROBLEM_BASE + ErrorCode.Internal, title: errorTitle(ErrorCode.Internal), status: 500, detail: 'An unexpected error occurred.', ...base };
  }
}

function httpMessage(e: HttpException): string {
  const body = e.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : e.message;
}

/** body-parser errors (too large, bad JSON) carry a 4xx `status`. */
function bodyParserStatus(e: unknown): number | undefined {
  const status = (e as { status?: unknown; type?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
