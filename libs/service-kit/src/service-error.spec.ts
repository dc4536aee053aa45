import { ErrorCode } from '@citygrid/contracts';

import { MAX_FIELD_ERRORS, ServiceError } from './service-error';

describe('ServiceError', () => {
  it(`lists at most ${MAX_FIELD_ERRORS} field errors and says how many there were`, () => {
    const errors = Array.from({ length: 400_000 }, (_, i) => ({ field: `boundary.coordinates[${i}]`, reason: 'ring must be an array of positions' }));
    const sut = ServiceError.validation(errors);
    expect(sut.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(sut.errors?.[0]).toEqual(errors[0]);
    expect(sut.detail).toBe(`The request has invalid fields. 400000 problems were found; the first ${MAX_FIELD_ERRORS} are listed.`);
    // The body sent over NATS stays small, and comes back the same.
    expect(JSON.stringify(sut.toBody()).length).toBeLessThan(20_000);
    expect(ServiceError.fromBody(sut.toBody())).toMatchObject({ code: ErrorCode.ValidationFailed, detail: sut.detail, errors: sut.errors });
  });

  it('keeps a short list as it is', () => {
    const sut = new ServiceError(ErrorCode.Conflict, 'taken', [{ field: 'code', reason: 'duplicate' }]);
    expect(sut).toMatchObject({ detail: 'taken', message: 'taken', errors: [{ field: 'code', reason: 'duplicate' }] });
    expect(new ServiceError(ErrorCode.NotFound, 'gone').errors).toBeUndefined();
  });
});
