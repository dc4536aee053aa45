import { AccessDenied } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { ENROLMENT_STATES, EnrolmentAction, type EnrolmentState } from '@citygrid/contracts/schooling';

import { ServiceError } from '@citygrid/service-kit';

import { decide, OPEN_STATES, refusalError, SETTLED_STATES, TransitionRefused, TRANSITIONS, type ActorRole } from './transitions';

const as = (...roles: ActorRole[]): Set<ActorRole> => new Set(roles);

function refusal(fn: () => unknown): TransitionRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransitionRefused) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('enrolment request transition table', () => {
  it('walks received → checked → referred → placed', () => {
    let s: EnrolmentState = 'received';
    s = decide(s, EnrolmentAction.Check, as('gridStaff'));
    expect(s).toBe('checked');
    s = decide(s, EnrolmentAction.Refer, as('gridStaff'));
    expect(s).toBe('referred');
    expect(decide(s, EnrolmentAction.Place, as('operator'))).toBe('placed');
  });

  it.each(OPEN_STATES)('refuses from %s, by an operator', (state) => {
    expect(decide(state, EnrolmentAction.Refuse, as('operator'))).toBe('refused');
  });

  it('allows every step from exactly the states of the table, whoever may take it, and nothing out of a settled state', () => {
    for (const action of Object.values(EnrolmentAction)) {
      for (const state of ENROLMENT_STATES) {
        const roles = as(...TRANSITIONS[action].roles);
        if (TRANSITIONS[action].from.includes(state)) expect(decide(state, action, roles)).toBe(TRANSITIONS[action].to);
        else expect(refusal(() => decide(state, action, roles)).kind).toBe('state');
      }
    }
    for (const state of SETTLED_STATES) for (const action of Object.values(EnrolmentAction)) expect(refusal(() => decide(state, action, as('operator', 'gridStaff'))).kind).toBe('state');
  });

  it('names the current state when a step is not possible now (409), before looking at the role', () => {
    const err = refusal(() => decide('placed', EnrolmentAction.Check, as()));
    expect(err.kind).toBe('state');
    expect(err.message).toContain('state placed');
    expect(err.message).toContain('only from received');
  });

  it('keeps placing and refusing for operators: grid staff get a role refusal (403)', () => {
    expect(refusal(() => decide('referred', EnrolmentAction.Place, as('gridStaff'))).kind).toBe('role');
    expect(refusal(() => decide('checked', EnrolmentAction.Refuse, as('gridStaff'))).kind).toBe('role');
    expect(refusal(() => decide('received', EnrolmentAction.Check, as())).message).toContain('operators or grid staff');
  });

  it('answers a refused state with 409 naming it, and a refused role with 403', () => {
    const state = refusalError(refusal(() => decide('refused', EnrolmentAction.Place, as('operator'))));
    expect(state).toBeInstanceOf(ServiceError);
    expect((state as ServiceError).code).toBe(ErrorCode.Conflict);
    expect((state as ServiceError).detail).toBe('The request is in state refused; place is possible only from referred.');
    const role = refusalError(refusal(() => decide('referred', EnrolmentAction.Place, as('gridStaff'))));
    expect(role).toBeInstanceOf(AccessDenied);
    expect((role as AccessDenied).code).toBe(ErrorCode.Forbidden);
    expect(role.message).toContain('operators');
  });
});
