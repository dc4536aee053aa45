import { CaseAction, CaseState } from '@citygrid/contracts/ticketing';

import { decide, OPEN_STATES, TransitionRefused, TRANSITIONS, type ActorRole } from './transitions';

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

describe('case transition table', () => {
  it('walks the happy path with rework', () => {
    let s: CaseState = CaseState.Reported;
    s = decide(s, CaseAction.File, as('operator'));
    s = decide(s, CaseAction.Dispatch, as('operator'));
    s = decide(s, CaseAction.Accept, as('handler'));
    s = decide(s, CaseAction.Handle, as('handler'));
    s = decide(s, CaseAction.VerifyFail, as('verifier'));
    expect(s).toBe(CaseState.Accepted);
    s = decide(s, CaseAction.Handle, as('handler'));
    s = decide(s, CaseAction.VerifyPass, as('verifier'));
    expect(s).toBe(CaseState.Closed);
    expect(decide(s, CaseAction.Reopen, as('operator'))).toBe(CaseState.Filed);
  });

  it('lets a returned case be dispatched again', () => {
    expect(decide(CaseState.Dispatched, CaseAction.Return, as('handler'))).toBe(CaseState.Returned);
    expect(decide(CaseState.Returned, CaseAction.Dispatch, as('operator'))).toBe(CaseState.Dispatched);
  });

  it('refuses an illegal transition with a conflict naming the current state', () => {
    const err = refusal(() => decide(CaseState.Filed, CaseAction.Accept, as('handler')));
    expect(err.kind).toBe('state');
    expect(err.message).toContain('case is in state filed');
  });

  it('refuses the wrong role after the state check', () => {
    const err = refusal(() => decide(CaseState.Reported, CaseAction.File, as('handler', 'verifier')));
    expect(err.kind).toBe('role');
    expect(refusal(() => decide(CaseState.Handled, CaseAction.VerifyPass, as('operator'))).kind).toBe('role');
    expect(refusal(() => decide(CaseState.Dispatched, CaseAction.Accept, as('operator'))).kind).toBe('role');
  });

  it('keeps the state on requests and escalation, and resumes to the state before the suspension', () => {
    expect(decide(CaseState.Accepted, CaseAction.RequestExtension, as('handler'))).toBe(CaseState.Accepted);
    expect(decide(CaseState.Dispatched, CaseAction.Escalate, as('handler'))).toBe(CaseState.Dispatched);
    expect(decide(CaseState.Accepted, CaseAction.ApproveSuspension, as('operator'))).toBe(CaseState.Suspended);
    expect(decide(CaseState.Suspended, CaseAction.Resume, as('operator'), CaseState.Dispatched)).toBe(CaseState.Dispatched);
  });

  it('cancels from every open state and from no closed one', () => {
    for (const s of OPEN_STATES) expect(decide(s, CaseAction.Cancel, as('operator'))).toBe(CaseState.Cancelled);
    for (const s of [CaseState.Closed, CaseState.Rejected, CaseState.Cancelled, CaseState.Merged]) {
      expect(refusal(() => decide(s, CaseAction.Cancel, as('operator'))).kind).toBe('state');
    }
  });

  it('lets nothing leave a terminal state except reopening a closed case', () => {
    for (const s of [CaseState.Rejected, CaseState.Cancelled, CaseState.Merged]) {
      for (const action of Object.values(CaseAction)) expect(TRANSITIONS[action].from).not.toContain(s);
    }
    const fromClosed = Object.values(CaseAction).filter((a) => TRANSITIONS[a].from.includes(CaseState.Closed));
    expect(fromClosed).toEqual([CaseAction.Reopen]);
  });
});
