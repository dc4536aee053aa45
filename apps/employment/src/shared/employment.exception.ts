import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** The one exception class of employment; the code decides the HTTP status at the edge. */
export class EmploymentException extends ServiceError {
  static notFound(what: string, key: string): EmploymentException {
    return new EmploymentException(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  }

  static conflict(detail: string, errors?: FieldError[]): EmploymentException {
    return new EmploymentException(ErrorCode.Conflict, detail, errors);
  }

  static invalid(errors: FieldError[], detail = 'The request has invalid fields.'): EmploymentException {
    return new EmploymentException(ErrorCode.ValidationFailed, detail, errors);
  }

  static unprocessable(detail: string, errors?: FieldError[]): EmploymentException {
    return new EmploymentException(ErrorCode.Unprocessable, detail, errors);
  }

  static stale(expected: number, actual: number): EmploymentException {
    return new EmploymentException(ErrorCode.PreconditionFailed, `The record is at version ${actual}, not ${expected}: read it again and retry.`);
  }
}
