import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** The one message for every refused login, so a caller learns nothing about which logins exist. */
export const INVALID_LOGIN = 'invalid login or password';

/** The one exception class of identity; the code decides the HTTP status at the edge. */
export class IdentityException extends ServiceError {
  /** Wrong login, wrong password or disabled account: always the same answer. */
  static invalidLogin(): IdentityException {
    return new IdentityException(ErrorCode.Unauthenticated, INVALID_LOGIN);
  }

  /**
   * Too many failed logins for this login from this source: try again in `retryAfterS`. The same
   * answer whether the login exists or not.
   */
  static throttled(retryAfterS: number): IdentityException {
    return new IdentityException(ErrorCode.RateLimited, 'Too many failed logins from this address; try again later.', undefined, retryAfterS);
  }

  /** A client or grant that does not authenticate (the gateway maps it to invalid_client / invalid_grant). */
  static unauthenticated(detail: string): IdentityException {
    return new IdentityException(ErrorCode.Unauthenticated, detail);
  }

  /** The caller may not do this; `errors` names each field and why (e.g. a role it may not grant). */
  static forbidden(detail: string, errors?: FieldError[]): IdentityException {
    return new IdentityException(ErrorCode.Forbidden, detail, errors);
  }

  static notFound(what: string, key: string): IdentityException {
    return new IdentityException(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  }

  static conflict(detail: string, errors?: FieldError[]): IdentityException {
    return new IdentityException(ErrorCode.Conflict, detail, errors);
  }

  static invalid(errors: FieldError[], detail = 'The request has invalid fields.'): IdentityException {
    return new IdentityException(ErrorCode.ValidationFailed, detail, errors);
  }
}
