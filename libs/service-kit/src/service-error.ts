import { ErrorCode, type FieldError, type ServiceErrorBody } from '@citygrid/contracts';

const TITLES: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'Validation failed',
  [ErrorCode.Unauthenticated]: 'Authentication required',
  [ErrorCode.Forbidden]: 'Forbidden',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.PreconditionFailed]: 'Precondition failed',
  [ErrorCode.PayloadTooLarge]: 'Payload too large',
  [ErrorCode.UnsupportedMediaType]: 'Unsupported media type',
  [ErrorCode.Unprocessable]: 'Unprocessable content',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.Unavailable]: 'Service unavailable',
  [ErrorCode.Internal]: 'Internal error',
};

/**
 * Field errors one failure lists at most: enough to fix the input, and the reply stays far below
 * NATS's 1 MB message limit (a boundary of 400,000 bad positions has as many errors).
 */
export const MAX_FIELD_ERRORS = 100;

/**
 * A typed failure a service replies with. Each bounded context subclasses it (see
 * `GridRegistryException`) so the edge can map the code to HTTP and problem+json. It lists at most
 * `MAX_FIELD_ERRORS` field errors, and says how many there were when there were more.
 */
export class ServiceError extends Error {
  readonly detail: string;
  readonly errors?: FieldError[];

  constructor(
    readonly code: ErrorCode,
    detail: string,
    errors?: FieldError[],
    /** With `rate-limited` or `unavailable`: whole seconds until another attempt may succeed (the edge's `Retry-After`). */
    readonly retryAfterS?: number,
  ) {
    const more = errors !== undefined && errors.length > MAX_FIELD_ERRORS;
    const full = more ? `${detail} ${errors.length} problems were found; the first ${MAX_FIELD_ERRORS} are listed.` : detail;
    super(full);
    this.name = 'ServiceError';
    this.detail = full;
    if (errors) this.errors = more ? errors.slice(0, MAX_FIELD_ERRORS) : errors;
  }

  /** The body sent over NATS. */
  toBody(): ServiceErrorBody {
    return {
      code: this.code,
      title: TITLES[this.code],
      detail: this.detail,
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...(this.retryAfterS !== undefined ? { retryAfterS: this.retryAfterS } : {}),
    };
  }

  static fromBody(body: ServiceErrorBody): ServiceError {
    const retryAfterS = typeof body.retryAfterS === 'number' && Number.isFinite(body.retryAfterS) && body.retryAfterS >= 0 ? Math.ceil(body.retryAfterS) : undefined;
    return new ServiceError(body.code, body.detail, body.errors, retryAfterS);
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields.'): ServiceError {
    return new ServiceError(ErrorCode.ValidationFailed, detail, errors);
  }
}

/** Title for an error code. */
export function errorTitle(code: ErrorCode): string {
  return TITLES[code];
}
