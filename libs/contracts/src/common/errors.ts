/**
 * Error codes every service replies with over NATS. The gateway maps each code to an HTTP status
 * and an RFC 9457 problem document (`type` = `https://citygrid.dev/problems/<code>`).
 */
export enum ErrorCode {
  /** Input failed validation: see `errors` for each field and reason. HTTP 400. */
  ValidationFailed = 'validation-failed',
  /** The caller is not authenticated. HTTP 401. */
  Unauthenticated = 'unauthenticated',
  /** The caller may not do this. HTTP 403. */
  Forbidden = 'forbidden',
  /** The resource does not exist (or is outside the caller's scope). HTTP 404. */
  NotFound = 'not-found',
  /** The request conflicts with current state (duplicate code, illegal transition). HTTP 409. */
  Conflict = 'conflict',
  /** 412: `If-Match` named a version the resource is no longer at; nothing was changed. */
  PreconditionFailed = 'precondition-failed',
  /** Payload too large. HTTP 413. */
  PayloadTooLarge = 'payload-too-large',
  /** The body's media type, charset or content encoding is not one the operation reads. HTTP 415. */
  UnsupportedMediaType = 'unsupported-media-type',
  /** Well-formed but semantically unprocessable (e.g. a point outside every grid). HTTP 422. */
  Unprocessable = 'unprocessable',
  /** Too many requests from this client; retry later. HTTP 429. */
  RateLimited = 'rate-limited',
  /** A downstream service did not answer in time. HTTP 503. */
  Unavailable = 'unavailable',
  /** An unexpected failure: a bug. HTTP 500. */
  Internal = 'internal',
}

/** One invalid field: where it is and why it was refused. */
export interface FieldError {
  /** JSON pointer-like path of the field, e.g. `boundary.coordinates[0]` or `line 14: code`. */
  field: string;
  /** Human-readable reason, e.g. `ring is not closed`. */
  reason: string;
  /** For file imports: the 1-based line (CSV) or feature index (GeoJSON) of the bad row. */
  line?: number;
}

/** The error body services reply with over NATS; mapped by the gateway to problem+json. */
export interface ServiceErrorBody {
  /** Machine-readable code. */
  code: ErrorCode;
  /** Short summary of the problem type. */
  title: string;
  /** Explanation specific to this occurrence. */
  detail: string;
  /** Field-level reasons (validation failures, and what a caller may not grant). */
  errors?: FieldError[];
  /**
   * Rate limited (`rate-limited`): seconds until another attempt may succeed. The gateway sends
   * it as the `Retry-After` header of the 429.
   */
  retryAfterS?: number;
}

/** HTTP status for each error code. */
export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.Unprocessable]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Internal]: 500,
};

/** Type guard for a service error body received over NATS. */
export function isServiceErrorBody(value: unknown): value is ServiceErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && Object.values(ErrorCode).includes(v['code'] as ErrorCode) && typeof v['detail'] === 'string';
}
