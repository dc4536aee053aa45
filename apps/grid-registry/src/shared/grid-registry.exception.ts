import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** The one exception class of grid-registry; the code decides the HTTP status at the edge. */
export class GridRegistryException extends ServiceError {
  static notFound(what: string, key: string): GridRegistryException {
    return new GridRegistryException(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  }

  static conflict(detail: string, errors?: FieldError[]): GridRegistryException {
    return new GridRegistryException(ErrorCode.Conflict, detail, errors);
  }

  static invalid(errors: FieldError[], detail = 'The request has invalid fields.'): GridRegistryException {
    return new GridRegistryException(ErrorCode.ValidationFailed, detail, errors);
  }

  static unprocessable(detail: string, errors?: FieldError[]): GridRegistryException {
    return new GridRegistryException(ErrorCode.Unprocessable, detail, errors);
  }
}
