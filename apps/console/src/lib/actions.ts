import { GRID_STAFF_ROLES, hasAnyRole, isOperator, type Claims } from './claims';

export type CaseStateName = 'reported' | 'filed' | 'rejected' | 'dispatched' | 'accepted' | 'returned' | 'handled' | 'suspended' | 'closed' | 'cancelled' | 'merged';

/** The lifecycle actions the case page offers, each a form posting to `POST /api/v1/cases/{id}/<action>`. */
export type CaseActionName =
  | 'file'
  | 'reject'
  | 'dispatch'
  | 'accept'
  | 'return'
  | 'handle'
  | 'verify'
  | 'reopen'
  | 'cancel'
  | 'extend'
  | 'approve-extension'
  | 'suspend'
  | 'approve-suspension'
  | 'resume'
  | 'escalate'
  | 'push-down'
  | 'merge';

type Actor = 'operator' | 'handler' | 'verifier';

const WORKING: readonly CaseStateName[] = ['dispatched', 'accepted'];
const IN_PROGRESS: readonly CaseStateName[] = ['filed', 'dispatched', 'accepted', 'returned'];
const OPEN: readonly CaseStateName[] = ['reported', 'filed', 'dispatched', 'accepted', 'returned', 'handled', 'suspended'];

/** The lifecycle as the API publishes it: from which states each action runs and who may run it. */
const RULES: ReadonlyArray<{ action: CaseActionName; from: readonly CaseStateName[]; actors: readonly Actor[]; needsPending?: 'extension' | 'suspension' }> = [
  { action: 'file', from: ['reported'], actors: ['operator'] },
  { action: 'reject', from: ['reported'], actors: ['operator'] },
  { action: 'dispatch', from: ['filed', 'returned'], actors: ['operator'] },
  { action: 'accept', from: ['dispatched'], actors: ['handler'] },
  { action: 'return', from: ['dispatched'], actors: ['handler'] },
  { action: 'handle', from: ['accepted'], actors: ['handler'] },
  { action: 'verify', from: ['handled'], actors: ['verifier'] },
  { action: 'extend', from: WORKING, actors: ['handler'] },
  { action: 'suspend', from: WORKING, actors: ['handler'] },
  { action: 'approve-extension', from: WORKING, actors: ['operator'], needsPending: 'extension' },
  { action: 'approve-suspension', from: WORKING, actors: ['operator'], needsPending: 'suspension' },
  { action: 'resume', from: ['suspended'], actors: ['operator'] },
  { action: 'escalate', from: IN_PROGRESS, actors: ['handler', 'operator'] },
  { action: 'push-down', from: IN_PROGRESS, actors: ['operator'] },
  { action: 'merge', from: ['reported', 'filed', 'dispatched', 'accepted', 'returned'], actors: ['operator'] },
  { action: 'reopen', from: ['closed'], actors: ['operator'] },
  { action: 'cancel', from: OPEN, actors: ['operator'] },
];

/** The part of a case the choice depends on. */
export interface CaseForActions {
  state: CaseStateName;
  gridPath: readonly string[];
  dispatchTarget?: string | null;
  departmentCode?: string | null;
  pendingRequest?: { kind?: string } | null;
}

function inScope(claims: Claims, gridPath: readonly string[]): boolean {
  return claims.node === null || gridPath.includes(claims.node);
}

/** What the caller is to the case (operator, handler, verifier), as the API decides it. */
export function actorsOf(claims: Claims, c: CaseForActions): Set<Actor> {
  const out = new Set<Actor>();
  const here = inScope(claims, c.gridPath);
  if (!here) return out;
  const gridStaff = hasAnyRole(claims, GRID_STAFF_ROLES);
  if (isOperator(claims)) out.add('operator');
  if (c.dispatchTarget === 'department' && claims.roles.includes('department_officer') && claims.dept !== null && claims.dept === c.departmentCode) out.add('handler');
  if (c.dispatchTarget === 'grid_staff' && gridStaff) out.add('handler');
  if (gridStaff || claims.roles.includes('supervisor')) out.add('verifier');
  return out;
}

/** The actions the case page shows the caller now, in the order of the lifecycle. Auditors and others who only read get none. */
export function availableActions(claims: Claims, c: CaseForActions): CaseActionName[] {
  const actors = actorsOf(claims, c);
  return RULES.filter((r) => r.from.includes(c.state) && r.actors.some((a) => actors.has(a)))
    .filter((r) => !r.needsPending || c.pendingRequest?.kind === r.needsPending)
    .map((r) => r.action);
}
