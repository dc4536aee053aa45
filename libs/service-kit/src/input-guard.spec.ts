import { INPUT_LIMITS } from '@citygrid/contracts';

import { clip, inputViolations, wellFormed } from './input-guard';

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

  it('refuses objects with more fields than the limit, before any validator walks them', () => {
    const wide = Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxObjectKeys + 1 }, (_, i) => [`k${i}`, 0]));
    expect(inputViolations({ location: wide })).toEqual([{ field: 'location', reason: `has ${INPUT_LIMITS.maxObjectKeys + 1} fields; at most ${INPUT_LIMITS.maxObjectKeys} are allowed` }]);
    expect(inputViolations(Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxObjectKeys }, (_, i) => [`k${i}`, 0])))).toEqual([]);
  });

  it('refuses arrays over the length limit', () => {
    expect(inputViolations({ ids: new Array(INPUT_LIMITS.maxArrayLength + 1).fill(1) })).toEqual([
      { field: 'ids', reason: `has ${INPUT_LIMITS.maxArrayLength + 1} elements; at most ${INPUT_LIMITS.maxArrayLength} are allowed` },
    ]);
  });
});

describe('unpaired surrogates', () => {
  it('names each string and key holding half a surrogate pair, with its position; whole pairs are text', () => {
    expect(inputViolations({ name: '张\ud800三', notes: ['ok', 'x\udfff'], emoji: '😀', pair: '\ud83d\ude00' })).toEqual([
      { field: 'name', reason: 'contains an unpaired surrogate U+D800 at position 1; text must be well-formed UTF-16' },
      { field: 'notes[1]', reason: 'contains an unpaired surrogate U+DFFF at position 1; text must be well-formed UTF-16' },
    ]);
    // A low surrogate before its high one is two unpaired halves, the first at 0.
    expect(inputViolations('\ude00\ud83d', 'q')).toEqual([{ field: 'q', reason: expect.stringMatching(/U\+DE00 at position 0/) }]);
    expect(inputViolations({ ['k\ud800']: 1 })).toEqual([{ field: 'k\\ud800', reason: 'field name contains an unpaired surrogate' }]);
  });
});

describe('clip and wellFormed', () => {
  it('clips at a character, never inside a surrogate pair', () => {
    expect(clip(`a${'😀'.repeat(3)}`, 3)).toBe('a😀😀');
    expect(clip('abc', 5)).toBe('abc');
    expect(inputViolations(clip(`a${'😀'.repeat(1500)}`, 2000))).toEqual([]);
  });

  it('replaces each unpaired surrogate with U+FFFD', () => {
    expect(wellFormed('Unexpected token \'\ud800\', "😀" is not valid JSON')).toBe('Unexpected token \'\ufffd\', "😀" is not valid JSON');
  });
});
