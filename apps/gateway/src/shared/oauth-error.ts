import { ErrorCode } from '@citygrid/contracts';
import { ServiceError, UNAVAILABLE_RETRY_AFTER_S } from '@citygrid/service-kit';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** RFC 6749 §5.2 error codes. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope' | 'server_error' | 'temporarily_unavailable';

/** An OAuth 2.0 error response: `{ error, error_description }` with the status RFC 6749 §5.2 gives it. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Map identity's typed error for a token request to the OAuth error the RFC prescribes. */
export function oauthErrorFrom(err: ServiceError, grantType: string | undefined): OAuthError {
  switch (err.code) {
    case ErrorCode.ValidationFailed:
      return new OAuthError(400, 'invalid_request', err.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ') || err.detail);
    case ErrorCode.Unauthenticated:
      return grantType === 'client_credentials' ? new OAuthError(401, 'invalid_client', err.detail) : new OAuthError(400, 'invalid_grant', err.detail);
    case ErrorCode.Forbidden:
      return new OAuthError(400, 'invalid_scope', err.detail);
    case ErrorCode.RateLimited:
      return new OAuthError(429, 'temporarily_unavailable', err.detail);
    case ErrorCode.Unavailable:
      return new OAuthError(503, 'temporarily_unavailable', err.detail);
    case ErrorCode.PayloadTooLarge:
      return new OAuthError(413, 'invalid_request', err.detail);
    case ErrorCode.UnsupportedMediaType:
      return new OAuthError(415, 'invalid_request', err.detail);
    case ErrorCode.NotFound:
    case ErrorCode.Conflict:
    case ErrorCode.PreconditionFailed:
    case ErrorCode.Unprocessable:
    case ErrorCode.Internal:
      return new OAuthError(500, 'server_error', 'The token could not be issued.');
  }
}

/** The 4xx status the body parser gave a request it refused (too large, bad JSON, unknown charset). */
function bodyParserStatus(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | null)?.status;
  return !(e instanceof HttpException) && e instanceof Error && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The token endpoint answers in the RFC 6749 §5.2 format (OAuth client libraries parse it), not
 * problem+json; `Cache-Control: no-store` as §5.1 requires. That holds for a body the parser
 * refused before the endpoint ran, too (the gateway's problem filter hands those over).
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuthErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const parserStatus = bodyParserStatus(exception);
    let err: OAuthError;
    if (exception instanceof OAuthError) err = exception;
    else if (exception instanceof ServiceError) err = oauthErrorFrom(exception, undefined);
    else if (exception instanceof HttpException && exception.getStatus() === 429) err = new OAuthError(429, 'temporarily_unavailable', 'Too many token requests; try again later.');
    else if (exception instanceof HttpException && exception.getStatus() < 500) err = new OAuthError(400, 'invalid_request', exception.message);
    // Too large (413) and unsupported charset or encoding (415) keep their status: they are about the HTTP request, not the grant.
    else if (parserStatus !== undefined) err = new OAuthError(parserStatus === 413 || parserStatus === 415 ? parserStatus : 400, 'invalid_request', (exception as Error).message);
    else {
      this.logger.error({ err: exception }, 'token endpoint failed');
      err = new OAuthError(500, 'server_error', 'The token could not be issued.');
    }
    if (err.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="citygrid"');
    if (err.status === 503) {
      // RFC 9110 §10.2.3: when to come back
      const after = exception instanceof ServiceError ? exception.retryAfterS : undefined;
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(after ?? UNAVAILABLE_RETRY_AFTER_S))));
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.status(err.status).json({ error: err.error, error_description: err.description });
  }
}
