import { INPUT_LIMITS } from '@citygrid/contracts';

import { inputViolations } from './input-guard';

describe('inputViolations', () => {
  it('passes ordinary input, tabs and line breaks included', () => {
    expect(inputViolations({ name: '伏牛路\t88号', notes: 'a\r\nb', boundary: { coordinates: [[[[113.6, 34.7]]]] }, tags: ['x'] })).toEqual([]);
  });

  it('names each string field holding NUL or another control character, in bodies and queries', () => {
    expect(inputViolations({ name: 'a\u0000b', address: { line: 'x\u001by' }, list: ['ok', '\u007f'] })).toEqual([
      { field: 'name', reason: expect.stringMatching(/U\+0000 at position 1/) },
      { field: 'address.line', reason: expect.stringMatching(/U\+001B/) },
      { field: 'list[1]', reason: expect.stringMatching(/U\+007F/) },
    ]);
    expect(inputViolations('x\u0000', 'q')).toEqual([{ field: 'q', reason: expect.stringMatching(/U\+0000/) }]);
    expect(inputViolations({ ['bad\u0000key']: 1 })).toEqual([{ field: 'bad\\u0000key', reason: 'field name contains a control character' }]);
  });

  it('stops at the depth limit without recursing, however deep the input', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inputViolations({ boundary: deep })).toEqual([{ field: expect.stringMatching(/^boundary(\[0\])+$/), reason: `nests deeper than ${INPUT_LIMITS.maxDepth} levels of objects and arrays` }]);
  });

  it('refuses arrays over the length limit', () => {
    expect(inputViolations({ ids: new Array(INPUT_LIMITS.maxArrayLength + 1).fill(1) })).toEqual([{ field: 'ids', reason: `has ${INPUT_LIMITS.maxArrayLength + 1} elements; at most ${INPUT_LIMITS.maxArrayLength} are allowed` }]);
  });
});
