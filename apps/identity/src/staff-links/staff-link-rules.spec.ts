import { Role } from '@citygrid/contracts/identity';

import { type KnownAssignment, type LinkedAccount, scopeOnAssigned, scopeOnUnassigned, scopeRefusal } from './staff-link-rules';

const COMMUNITY = '410102005001';
const GRID_1 = '4101020050010101';
const GRID_2 = '4101020050010102';
const OTHER_COMMUNITY_GRID = '4101020050020101';
const path = (code: string): string[] => ['410100', ...[6, 9, 12, 14, 16].filter((l) => l <= code.length).map((l) => code.slice(0, l))];

const member = (over: Partial<LinkedAccount> = {}): LinkedAccount => ({ roles: [Role.GridMember], nodeScope: COMMUNITY, granterScope: COMMUNITY, ...over });
let n = 0;
const assignment = (nodeCode: string, at: string): KnownAssignment => ({ assignmentId: `00000000-0000-4000-8000-00000000000${n++}`, nodeCode, nodePath: path(nodeCode), assignedAt: new Date(at) });

describe('scopeOnAssigned', () => {
  it('moves the account to the node its staff member was assigned to', () => {
    const a = assignment(GRID_1, '2026-12-01T08:00:00Z');
    expect(scopeOnAssigned(member(), a, [a])).toEqual({ kind: 'move', nodeScope: GRID_1, path: path(GRID_1) });
  });

  it('keeps the scope when the account is there already, or a newer assignment holds it', () => {
    const a = assignment(GRID_1, '2026-12-01T08:00:00Z');
    expect(scopeOnAssigned(member({ nodeScope: GRID_1 }), a, [a])).toEqual({ kind: 'keep' });
    const newer = assignment(GRID_2, '2026-12-02T08:00:00Z');
    // the older assignment's event replayed after the newer one applied
    expect(scopeOnAssigned(member({ nodeScope: GRID_2 }), a, [a, newer])).toEqual({ kind: 'keep' });
    // two made at the same moment: the one applied last (later in the stream) wins
    const twin = assignment(GRID_1, '2026-12-02T08:00:00Z');
    expect(scopeOnAssigned(member({ nodeScope: GRID_2 }), twin, [twin, newer])).toMatchObject({ kind: 'move', nodeScope: GRID_1 });
  });

  it('refuses a node outside the subtree of whoever created the account, or of the wrong level for an operator', () => {
    const away = assignment(OTHER_COMMUNITY_GRID, '2026-12-01T08:00:00Z');
    expect(scopeOnAssigned(member(), away, [away])).toEqual({ kind: 'refuse', reason: `node ${OTHER_COMMUNITY_GRID} lies outside ${COMMUNITY}, where the account's creator may grant` });
    // the system administrator created it: anywhere will do
    expect(scopeOnAssigned(member({ granterScope: null }), away, [away])).toMatchObject({ kind: 'move', nodeScope: OTHER_COMMUNITY_GRID });
    const grid = assignment(GRID_1, '2026-12-01T08:00:00Z');
    expect(scopeOnAssigned(member({ roles: [Role.CommunityOperator], granterScope: '410102005' }), grid, [grid])).toEqual({
      kind: 'refuse',
      reason: `community_operator needs a community code (12 digits), not ${GRID_1}`,
    });
  });

  it('keeps a supervisor strictly beneath its creator’s node', () => {
    const atCommunity = assignment(COMMUNITY, '2026-12-01T08:00:00Z');
    expect(scopeOnAssigned({ roles: [Role.Supervisor], nodeScope: GRID_1, granterScope: COMMUNITY }, atCommunity, [atCommunity])).toMatchObject({ kind: 'refuse' });
    expect(scopeRefusal({ roles: [Role.Supervisor], nodeScope: GRID_1, granterScope: COMMUNITY }, GRID_2)).toBeUndefined();
  });

  it('never gives a system administrator a node scope', () => {
    const a = assignment(GRID_1, '2026-12-01T08:00:00Z');
    expect(scopeOnAssigned({ roles: [Role.SystemAdmin], nodeScope: null, granterScope: null }, a, [a])).toEqual({ kind: 'keep' });
  });
});

describe('scopeOnUnassigned', () => {
  it('falls back to the newest remaining assignment that fits, or to no scope at all', () => {
    const old = assignment(GRID_2, '2026-11-01T08:00:00Z');
    const away = assignment(OTHER_COMMUNITY_GRID, '2026-11-15T08:00:00Z');
    const ended = assignment(GRID_1, '2026-12-01T08:00:00Z');
    expect(scopeOnUnassigned(member({ nodeScope: GRID_1 }), ended, [old, away])).toEqual({ kind: 'move', nodeScope: GRID_2, path: path(GRID_2) });
    expect(scopeOnUnassigned(member({ nodeScope: GRID_1 }), ended, [])).toEqual({ kind: 'move', nodeScope: null, path: path(GRID_1) });
  });

  it('keeps the scope of an account working elsewhere, or still assigned at the node in another role', () => {
    const ended = assignment(GRID_1, '2026-12-01T08:00:00Z');
    expect(scopeOnUnassigned(member({ nodeScope: COMMUNITY }), ended, [])).toEqual({ kind: 'keep' });
    const sameNode = assignment(GRID_1, '2026-11-01T08:00:00Z');
    expect(scopeOnUnassigned(member({ nodeScope: GRID_1 }), ended, [sameNode])).toEqual({ kind: 'keep' });
  });
});
