import { ErrorCode } from '@citygrid/contracts';

import { assertIfMatch, runInContext } from './request-context';

describe('assertIfMatch', () => {
  const under = (ifMatch: string | undefined, version: number): unknown => {
    try {
      runInContext({ ifMatch }, () => assertIfMatch(version));
      return 'ok';
    } catch (err) {
      return (err as { code?: string }).code;
    }
  };

  it('lets a change through without If-Match, or when it names the version (strong, weak, in a list, or *)', () => {
    expect(under(undefined, 3)).toBe('ok');
    expect(under('"3"', 3)).toBe('ok');
    expect(under('W/"3"', 3)).toBe('ok');
    expect(under('"1", "3"', 3)).toBe('ok');
    expect(under('*', 3)).toBe('ok');
  });

  it('refuses with 412 when If-Match names another version, or is not an ETag of ours', () => {
    expect(under('"2"', 3)).toBe(ErrorCode.PreconditionFailed);
    expect(under('3', 3)).toBe(ErrorCode.PreconditionFailed);
    expect(under('"33"', 3)).toBe(ErrorCode.PreconditionFailed);
  });
});
