import { ErrorCode, type FieldError, type ServiceErrorBody } from '@citygrid/contracts';

const TITLES: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'Validation failed',
  [ErrorCode.Unauthenticated]: 'Authentication required',
  [ErrorCode.Forbidden]: 'Forbidden',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.PayloadTooLarge]: 'Payload too large',
  [ErrorCode.Unprocessable]: 'Unprocessable content',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.Unavailable]: 'Service unavailable',
  [ErrorCode.Internal]: 'Internal error',
};

/**
 * A typed failure a service replies with. Each bounded context subclasses it (see
 * `GridRegistryException`) so the edge can map the code to HTTP and problem+json.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** With `rate-limited`: whole seconds until another attempt may succeed (the edge's `Retry-After`). */
    readonly retryAfterS?: number,
  ) {
    super(detail);
    this.name = 'ServiceError';
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
