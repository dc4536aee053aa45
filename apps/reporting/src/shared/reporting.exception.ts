import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** The one exception class of reporting; the code decides the HTTP status at the edge. */
export class ReportingException extends ServiceError {
  static notFound(what: string, key: string): ReportingException {
    return new ReportingException(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  }

  /** Nothing of the kind exists yet (404). */
  static none(detail: string): ReportingException {
    return new ReportingException(ErrorCode.NotFound, detail);
  }

  static conflict(detail: string, errors?: FieldError[]): ReportingException {
    return new ReportingException(ErrorCode.Conflict, detail, errors);
  }

  static invalid(errors: FieldError[], detail = 'The request has invalid fields.'): ReportingException {
    return new ReportingException(ErrorCode.ValidationFailed, detail, errors);
  }

  static forbidden(detail: string): ReportingException {
    return new ReportingException(ErrorCode.Forbidden, detail);
  }
}
