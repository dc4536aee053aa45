import { ErrorCode } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

import { toAssign } from './assignment';

const name = (id: string) => (id === 'p1' ? 'Leader Wang / group 1' : 'Leader Li / group 2');

describe('one package per household', () => {
  it('assigns free households and keeps those already in the same package', () => {
    const got = toAssign(
      [
        { id: 'h1', packageId: null },
        { id: 'h2', packageId: 'p1' },
        { id: 'h3', packageId: null },
      ],
      'p1',
      name,
    );
    expect(got.map((h) => h.id)).toEqual(['h1', 'h3']);
  });

  it('refuses a household of another package with a 409 naming that package', () => {
    let err: unknown;
    try {
      toAssign(
        [
          { id: 'h1', packageId: null },
          { id: 'h2', packageId: 'p2' },
        ],
        'p1',
        name,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ code: ErrorCode.Conflict, errors: [{ field: 'householdIds', reason: 'h2 is in package p2' }] });
    expect((err as ServiceError).detail).toContain('Leader Li / group 2');
  });
});
