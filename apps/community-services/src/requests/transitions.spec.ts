import type { ServiceRequestAction, ServiceRequestState } from '@citygrid/contracts/community-services';

import { closedOnTime, decide, dueAtOf, isOverdue, satisfactionAtClose, TransitionRefused, TRANSITIONS, type ActorRole } from './transitions';

const ALL_STATES: readonly ServiceRequestState[] = ['received', 'assigned', 'in_progress', 'closed', 'cancelled'];
const OPERATOR = new Set<ActorRole>(['operator']);
const ASSIGNEE = new Set<ActorRole>(['assignee']);
const NOBODY = new Set<ActorRole>();

function refusal(fn: () => unknown): TransitionRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransitionRefused) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('service request transitions', () => {
  it('walks received → assigned → in_progress → closed with the right roles', () => {
    expect(decide('received', 'assign', OPERATOR)).toBe('assigned');
    expect(decide('assigned', 'assign', OPERATOR)).toBe('assigned');
    expect(decide('assigned', 'start', ASSIGNEE)).toBe('in_progress');
    expect(decide('in_progress', 'note', ASSIGNEE)).toBe('in_progress');
    expect(decide('in_progress', 'close', ASSIGNEE)).toBe('closed');
    expect(decide('in_progress', 'close', OPERATOR)).toBe('closed');
  });

  it('lets operators cancel from every open state, and from no other', () => {
    for (const s of ['received', 'assigned', 'in_progress'] as const) expect(decide(s, 'cancel', OPERATOR)).toBe('cancelled');
    for (const s of ['closed', 'cancelled'] as const) expect(refusal(() => decide(s, 'cancel', OPERATOR)).kind).toBe('state');
  });

  it('refuses every step from a state the table does not list, naming the state, whoever asks', () => {
    const actions = Object.keys(TRANSITIONS) as ServiceRequestAction[];
    let refused = 0;
    for (const action of actions) {
      for (const state of ALL_STATES.filter((s) => !TRANSITIONS[action].from.includes(s))) {
        const err = refusal(() => decide(state, action, new Set<ActorRole>(['operator', 'assignee'])));
        expect(err.kind).toBe('state');
        expect(err.message).toContain(`state ${state}`);
        refused++;
      }
    }
    // 5 actions × 5 states, of which 9 pairs are allowed (closed and cancelled take nothing)
    expect(refused).toBe(16);
  });

  it('refuses the wrong role (403) once the state allows the step', () => {
    expect(refusal(() => decide('assigned', 'start', OPERATOR)).kind).toBe('role');
    expect(refusal(() => decide('received', 'assign', ASSIGNEE)).kind).toBe('role');
    expect(refusal(() => decide('received', 'cancel', ASSIGNEE)).kind).toBe('role');
    expect(refusal(() => decide('in_progress', 'close', NOBODY)).kind).toBe('role');
  });

  it('asks the satisfaction exactly when the type does', () => {
    expect(satisfactionAtClose(true, undefined)).toMatchObject({ ok: false });
    expect(satisfactionAtClose(true, 'basically_satisfied')).toEqual({ ok: true, value: 'basically_satisfied' });
    expect(satisfactionAtClose(false, undefined)).toEqual({ ok: true, value: null });
    expect(satisfactionAtClose(false, 'satisfied')).toMatchObject({ ok: false });
  });

  it('computes the due time from the limit and overdue only for open requests past it', () => {
    const received = new Date('2026-12-01T08:00:00Z');
    const due = dueAtOf(received, 48);
    expect(due?.toISOString()).toBe('2026-12-03T08:00:00.000Z');
    expect(dueAtOf(received, null)).toBeNull();
    const after = new Date('2026-12-03T08:00:01Z');
    const before = new Date('2026-12-03T07:59:59Z');
    expect(isOverdue('in_progress', due, after)).toBe(true);
    expect(isOverdue('received', due, before)).toBe(false);
    expect(isOverdue('closed', due, after)).toBe(false);
    expect(isOverdue('cancelled', due, after)).toBe(false);
    expect(isOverdue('assigned', null, after)).toBe(false);
    expect(closedOnTime(before, due)).toBe(true);
    expect(closedOnTime(after, due)).toBe(false);
    expect(closedOnTime(after, null)).toBe(true);
  });
});
