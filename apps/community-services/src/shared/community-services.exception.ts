import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** The one exception class of community-services; the code decides the HTTP status at the edge. */
export class CommunityServicesException extends ServiceError {
  static notFound(what: string, key: string): CommunityServicesException {
    return new CommunityServicesException(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  }

  static conflict(detail: string, errors?: FieldError[]): CommunityServicesException {
    return new CommunityServicesException(ErrorCode.Conflict, detail, errors);
  }

  static unprocessable(detail: string, errors?: FieldError[]): CommunityServicesException {
    return new CommunityServicesException(ErrorCode.Unprocessable, detail, errors);
  }
}
