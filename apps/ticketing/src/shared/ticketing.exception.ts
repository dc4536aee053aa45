import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** The one exception class of ticketing; the code decides the HTTP status at the edge. */
export class TicketingException extends ServiceError {
  static notFound(what: string, key: string): TicketingException {
    return new TicketingException(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  }

  static conflict(detail: string, errors?: FieldError[]): TicketingException {
    return new TicketingException(ErrorCode.Conflict, detail, errors);
  }

  static unprocessable(detail: string, errors?: FieldError[]): TicketingException {
    return new TicketingException(ErrorCode.Unprocessable, detail, errors);
  }

  static tooLarge(detail: string, errors?: FieldError[]): TicketingException {
    return new TicketingException(ErrorCode.PayloadTooLarge, detail, errors);
  }
}
