import { AccessDenied } from '@citygrid/auth';
import { ErrorCode, type FieldError } from '@citygrid/contracts';
import { type ArgumentMetadata, Catch, type ExceptionFilter, Injectable, Logger, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { type Observable, throwError } from 'rxjs';

import { inputViolations } from './input-guard';
import { ServiceError } from './service-error';
import { dependencyUnavailable, isDependencyUnavailable } from './unavailable';

/**
 * Flatten class-validator errors into `{ field, reason }` with dotted paths, in the validator's
 * order. A loop over an explicit stack, not recursion with `push(...children)`: an array of 10,000
 * bad elements (the input limits allow that many) yields some 100,000 errors, more than a spread
 * may pass as arguments.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  const stack: Array<{ error: ValidationError; parent: string }> = [];
  for (let i = errors.length - 1; i >= 0; i--) stack.push({ error: errors[i] as ValidationError, parent });
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { error: e, parent: p } = next;
    const field = p ? (/^\d+$/.test(e.property) ? `${p}[${e.property}]` : `${p}.${e.property}`) : e.property;
    for (const reason of Object.values(e.constraints ?? {})) out.push({ field, reason });
    const children = e.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ error: children[i] as ValidationError, parent: field });
  }
  return out;
}

/**
 * Validates RPC payloads against their DTO class. Services are reachable on NATS without the
 * gateway, so they validate again rather than trust the caller.
 */
@Injectable()
export class RpcValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const limits = inputViolations(value);
    if (limits.length) throw ServiceError.validation(limits);
    const metatype = metadata.metatype;
    if (!metatype || [String, Number, Boolean, Array, Object].includes(metatype as never)) return value;
    if (typeof value !== 'object' || value === null) {
      throw ServiceError.validation([{ field: metadata.data ?? 'payload', reason: 'must be an object' }]);
    }
    const instance = plainToInstance(metatype as new () => object, value);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw ServiceError.validation(flattenValidationErrors(errors));
    return instance;
  }
}

/**
 * Turns every failure of an RPC handler into a typed error body: a database or another dependency
 * that is down is a 503 with a `Retry-After` (logged as a warning, without its message in the
 * answer); any other unknown error is a bug.
 */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown): Observable<never> {
    if (exception instanceof ServiceError) {
      return throwError(() => exception.toBody());
    }
    if (exception instanceof AccessDenied) {
      return throwError(() => new ServiceError(exception.code, exception.detail).toBody());
    }
    if (isDependencyUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'a dependency is unavailable');
      return throwError(() => dependencyUnavailable('The database').toBody());
    }
    this.logger.error({ err: exception }, 'unhandled error in RPC handler');
    return throwError(() => new ServiceError(ErrorCode.Internal, 'An unexpected error occurred.').toBody());
  }
}
