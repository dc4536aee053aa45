import { nodeWithin, scopePrefix } from './node-scope';

describe('nodeWithin', () => {
  it('contains the node itself and every code beneath it', () => {
    expect(nodeWithin('410102005', '410102005')).toBe(true);
    expect(nodeWithin('410102005', '410102005001')).toBe(true);
    expect(nodeWithin('410102005001', '4101020050010101')).toBe(true);
  });

  it('puts districts under their city (first four digits)', () => {
    expect(scopePrefix('410100')).toBe('4101');
    expect(nodeWithin('410100', '410102')).toBe(true);
    expect(nodeWithin('410100', '410102005001')).toBe(true);
    expect(nodeWithin('410100', '410200')).toBe(false);
  });

  it('keeps siblings apart', () => {
    expect(nodeWithin('410102005001', '410102005002')).toBe(false);
    expect(nodeWithin('410102', '410103005')).toBe(false);
    expect(nodeWithin('410102005001', '410102005')).toBe(false);
  });
});
