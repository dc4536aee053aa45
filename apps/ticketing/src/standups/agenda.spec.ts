import { buildAgenda, type AgendaCase, type AgendaInput } from './agenda';

const NODE = '410102005001';
const at = (iso: string) => new Date(iso);

function kase(over: Partial<AgendaCase>): AgendaCase {
  return {
    id: over.number ?? 'x',
    number: 'CM05-20261125-0001',
    categoryCode: 'CM05',
    state: 'filed',
    gridCode: '4101020050010101',
    levelCode: '4101020050010101',
    escalationCount: 0,
    reportedAt: at('2026-11-25T01:00:00Z'),
    deadline: null,
    description: '占道经营',
    ...over,
  };
}

function input(cases: AgendaCase[], over: Partial<AgendaInput> = {}): AgendaInput {
  return {
    node: NODE,
    date: '2026-11-25',
    since: at('2026-11-24T02:00:00Z'),
    sinceIsMeeting: true,
    until: at('2026-11-25T16:00:00Z'),
    now: at('2026-11-25T03:00:00Z'),
    cases,
    supervised: new Map(),
    ...over,
  };
}

const numbers = (items: Array<{ caseNumber: string }>) => items.map((i) => i.caseNumber);

describe('buildAgenda', () => {
  it('lists as new the cases reported since the last meeting, oldest first', () => {
    const agenda = buildAgenda(
      input([
        kase({ number: 'N2', reportedAt: at('2026-11-25T02:00:00Z') }),
        kase({ number: 'OLD', reportedAt: at('2026-11-23T02:00:00Z') }),
        kase({ number: 'N1', reportedAt: at('2026-11-24T03:00:00Z'), state: 'closed' }),
      ]),
    );
    expect(numbers(agenda.new)).toEqual(['N1', 'N2']);
    expect(agenda.since).toBe('2026-11-24T02:00:00.000Z');
    expect(buildAgenda(input([], { sinceIsMeeting: false })).since).toBeNull();
  });

  it('puts open cases past their deadline in overdue, never settled ones', () => {
    const agenda = buildAgenda(
      input([
        kase({ number: 'LATE', deadline: at('2026-11-25T02:00:00Z') }),
        kase({ number: 'OK', deadline: at('2026-11-26T02:00:00Z') }),
        kase({ number: 'DONE', deadline: at('2026-11-20T02:00:00Z'), state: 'closed' }),
      ]),
    );
    expect(numbers(agenda.overdue)).toEqual(['LATE']);
  });

  it('counts a tighter supervised deadline for overdue and lists supervised cases', () => {
    const agenda = buildAgenda(input([kase({ id: 'c1', number: 'SUP', deadline: at('2026-11-28T02:00:00Z') })], { supervised: new Map([['c1', at('2026-11-25T02:30:00Z')]]) }));
    expect(numbers(agenda.supervised)).toEqual(['SUP']);
    expect(numbers(agenda.overdue)).toEqual(['SUP']);
    expect(agenda.supervised[0]!.supervisedDeadline).toBe('2026-11-25T02:30:00.000Z');
  });

  it('lists escalated cases only at the node they were escalated to, and returned ones', () => {
    const agenda = buildAgenda(
      input([kase({ number: 'UP', escalationCount: 1, levelCode: NODE }), kase({ number: 'ABOVE', escalationCount: 2, levelCode: '410102005' }), kase({ number: 'BACK', state: 'returned' })]),
    );
    expect(numbers(agenda.escalated)).toEqual(['UP']);
    expect(numbers(agenda.returned)).toEqual(['BACK']);
  });

  it('cuts a summary at 120 characters, never inside an emoji', () => {
    const agenda = buildAgenda(input([kase({ number: 'LONG', description: `${'x'.repeat(119)}😀😀\nsecond line` })]));
    expect(agenda.new[0]?.summary).toBe(`${'x'.repeat(119)}😀`);
  });
});
