import { ErrorCode, type ServiceErrorBody } from '@citygrid/contracts';
import { IsInt, IsString, Min, ValidateNested, type ValidationError } from 'class-validator';
import { Type } from 'class-transformer';
import { lastValueFrom } from 'rxjs';

import { flattenValidationErrors, RpcErrorFilter, RpcValidationPipe } from './rpc-server';
import { ServiceError } from './service-error';

class Inner {
  @IsInt() @Min(1) count!: number;
}
class Outer {
  @IsString() name!: string;
  @ValidateNested({ each: true }) @Type(() => Inner) items!: Inner[];
}

describe('RpcValidationPipe', () => {
  const sut = new RpcValidationPipe();

  it('returns a typed instance for a valid payload', async () => {
    const out = await sut.transform({ name: 'a', items: [{ count: 2 }] }, { type: 'body', metatype: Outer });
    expect(out).toBeInstanceOf(Outer);
  });

  it('names nested fields with their index and refuses unknown fields', async () => {
    const err = await sut.transform({ name: 5, items: [{ count: 1 }, { count: 0 }], extra: true }, { type: 'body', metatype: Outer }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    const fields = (err as ServiceError).errors?.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'items[1].count', 'extra']));
    expect((err as ServiceError).code).toBe(ErrorCode.ValidationFailed);
  });

  it('refuses a missing payload', async () => {
    await expect(sut.transform(undefined, { type: 'body', metatype: Outer, data: 'payload' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      errors: [{ field: 'payload', reason: 'must be an object' }],
    });
  });
});

describe('RpcErrorFilter', () => {
  const sut = new RpcErrorFilter();

  it('sends a service error as its typed body', async () => {
    const err = await lastValueFrom(sut.catch(new ServiceError(ErrorCode.Conflict, 'taken', [{ field: 'code', reason: 'duplicate' }]))).catch((e: unknown) => e);
    expect(err).toEqual({ code: 'conflict', title: 'Conflict', detail: 'taken', errors: [{ field: 'code', reason: 'duplicate' }] });
  });

  it('carries the retry delay of a rate-limited error there and back', async () => {
    const body = await lastValueFrom(sut.catch(new ServiceError(ErrorCode.RateLimited, 'slow down', undefined, 30))).catch((e: unknown) => e);
    expect(body).toEqual({ code: 'rate-limited', title: 'Too many requests', detail: 'slow down', retryAfterS: 30 });
    expect(ServiceError.fromBody(body as ServiceErrorBody)).toMatchObject({ code: ErrorCode.RateLimited, retryAfterS: 30 });
    expect(ServiceError.fromBody({ code: ErrorCode.RateLimited, title: 't', detail: 'd', retryAfterS: 1.2 }).retryAfterS).toBe(2);
    expect(ServiceError.fromBody({ code: ErrorCode.RateLimited, title: 't', detail: 'd', retryAfterS: -5 }).retryAfterS).toBeUndefined();
  });

  it('hides the details of an unexpected error', async () => {
    const err = await lastValueFrom(sut.catch(new Error('password=hunter2 leaked'))).catch((e: unknown) => e);
    expect(err).toEqual({ code: 'internal', title: 'Internal error', detail: 'An unexpected error occurred.' });
  });
});

describe('flattenValidationErrors', () => {
  it('flattens 10,000 bad elements of 20 errors each, in order, without exhausting the stack', () => {
    const element = (i: number): ValidationError => ({
      property: String(i),
      children: Array.from({ length: 20 }, (_, k) => ({ property: `f${k}`, constraints: { isString: `f${k} must be a string` }, children: [] })),
    });
    const errors: ValidationError[] = [
      { property: 'decisions', constraints: { arrayMaxSize: 'decisions must contain no more than 500 elements' }, children: Array.from({ length: 10_000 }, (_, i) => element(i)) },
    ];
    const out = flattenValidationErrors(errors);
    expect(out).toHaveLength(1 + 200_000);
    expect(out.slice(0, 3)).toEqual([
      { field: 'decisions', reason: 'decisions must contain no more than 500 elements' },
      { field: 'decisions[0].f0', reason: 'f0 must be a string' },
      { field: 'decisions[0].f1', reason: 'f1 must be a string' },
    ]);
    expect(out.at(-1)).toEqual({ field: 'decisions[9999].f19', reason: 'f19 must be a string' });
  });
});
