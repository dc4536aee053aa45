import type { CaseAction, CaseEventV1, CaseState, CaseView } from '@citygrid/contracts/ticketing';

import { type EventActor } from '../shared/actor';
import type { Case } from './case.entity';
import { tierAt } from './tiers';

/** The data of a case event after a change (reporters and photos stay out: they are personal). */
export function caseEventData(c: Case, action: CaseEventV1['action'] | CaseAction, stateBefore: CaseState | null, actor: EventActor, extra: Partial<CaseEventV1> = {}): CaseEventV1 {
  return {
    id: c.id,
    number: c.number,
    categoryCode: c.categoryCode,
    action,
    stateBefore,
    stateAfter: c.state,
    actor,
    path: [...c.gridPath],
    level: c.level,
    deadline: c.deadline ? c.deadline.toISOString() : null,
    dispatchTarget: c.dispatchTarget,
    departmentCode: c.departmentCode,
    // intake writes the row at version 1; every later change commits it one higher (the ORM's optimistic lock)
    version: action === 'report' ? c.version : c.version + 1,
    reportedAt: c.createdAt.toISOString(),
    closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    handledAt: c.handledAt ? c.handledAt.toISOString() : null,
    reworkCount: c.reworkCount,
    escalationCount: c.escalationCount,
    location: { type: 'Point', coordinates: [c.lng, c.lat] },
    source: c.source,
    priority: c.priority,
    ...extra,
  };
}

export function toCaseView(c: Case): CaseView {
  return {
    id: c.id,
    number: c.number,
    source: c.source,
    categoryCode: c.categoryCode,
    description: c.description,
    location: { type: 'Point', coordinates: [c.lng, c.lat] },
    address: c.address,
    priority: c.priority,
    state: c.state,
    gridCode: c.gridCode,
    gridPath: [...c.gridPath],
    level: c.level,
    levelCode: c.gridPath[c.level] ?? c.gridCode,
    tier: tierAt(c.gridPath, c.level),
    dispatchTarget: c.dispatchTarget,
    departmentCode: c.departmentCode,
    deadline: c.deadline ? c.deadline.toISOString() : null,
    reporters: c.reporters.map((r) => ({ name: r.name, phone: r.phone ?? null, email: r.email ?? null })),
    photos: c.photos.map((p) => ({ ...p })),
    pendingRequest: c.pendingRequest ? { ...c.pendingRequest } : null,
    reason: c.reason,
    handlingNotes: c.handlingNotes,
    reworkCount: c.reworkCount,
    escalationCount: c.escalationCount,
    mergedIntoId: c.mergedIntoId,
    closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
    evaluation: c.evaluation ? { ...c.evaluation } : null,
    satisfaction: c.satisfaction ? { ...c.satisfaction } : null,
  };
}
