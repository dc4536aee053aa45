import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, hasAnyRole, isOperator, isSystemAdmin } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import { Role, type Caller } from '@citygrid/contracts/identity';
import {
  SETTLED_CASE_STATES,
  SupervisionEvents,
  TicketingEvents,
  type FindingSeverity,
  type FlagCaseDto,
  type InspectionView,
  type ListSupervisionQuery,
  type RecordInspectionDto,
  type SupervisionFlagView,
} from '@citygrid/contracts/ticketing';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { caseEventData } from '../cases/case-view';
import { actorOf } from '../shared/actor';
import { assertStaff, emptyPage, paging, subtreeFilter } from '../shared/field-access';
import { RegistryQueries } from '../shared/registry-queries';
import { Case } from '../cases/case.entity';
import { TicketingException } from '../shared/ticketing.exception';
import { Inspection } from './supervision.entities';
import { SupervisionFlag } from '../shared/supervision-flag.entity';

/** 督办 and 督查 are the supervisors' (and the system admin's) to do. */
function assertSupervisor(caller: Caller): void {
  assertStaff(caller);
  assertAllowed(isSystemAdmin(caller) || hasAnyRole(caller, [Role.Supervisor]), 'Only supervisors flag cases and record inspections.');
}

/** Flags and inspections are read by those who oversee: supervisors, auditors, operators. */
function assertOverseer(caller: Caller): void {
  assertStaff(caller);
  assertAllowed(isOperator(caller) || hasAnyRole(caller, [Role.Supervisor, Role.Auditor]), 'Your role may not read supervision records.');
}

/** Supervision 督办 of cases and grid inspections 督查. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryQueries,
  ) {}

  /**
   * Flag a case with a tighter deadline 督办. In one transaction (the case row locked): the flag
   * is stored, `citygrid.supervision.flagged.v1` recorded, and when the case is on the clock
   * (it has a deadline) its deadline moves to the earlier of the two, recorded as
   * `citygrid.case.supervised.v1`, so the escalation timer escalates at the supervised deadline.
   * A case not yet dispatched gets it at dispatch (the earlier of the sub-class limit and any
   * pending supervised deadline); a suspended one when it resumes, if that is still earlier.
   * The flag shows on the stand-up agenda at every node above the case's grid.
   */
  async flag(caller: Caller, dto: FlagCaseDto): Promise<SupervisionFlagView> {
    assertSupervisor(caller);
    const deadline = new Date(dto.deadline);
    const flag = await this.orm.em.fork().transactional(async (tx) => {
      const kase = await tx.findOne(Case, { id: dto.caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!kase) throw TicketingException.notFound('Case', dto.caseId);
      assertInScope(caller, kase.gridPath, `Case ${dto.caseId}`);
      if (SETTLED_CASE_STATES.includes(kase.state)) throw TicketingException.conflict(`Case ${kase.number} is ${kase.state}; only open cases can be supervised.`);
      if (deadline.getTime() <= Date.now()) throw ServiceError.validation([{ field: 'deadline', reason: 'must be in the future' }]);
      if (kase.deadline && deadline >= kase.deadline) {
        throw TicketingException.unprocessable(`A supervised deadline must be tighter than the case's own (${kase.deadline.toISOString()}).`, [
          { field: 'deadline', reason: 'is not before the case deadline' },
        ]);
      }
      const f = Object.assign(new SupervisionFlag(), {
        id: randomUUID(),
        caseId: kase.id,
        gridCode: kase.gridCode,
        gridPath: kase.gridPath,
        deadline,
        caseDeadline: kase.deadline,
        note: dto.note,
        flaggedBy: caller.name,
        flaggedById: caller.id,
        createdAt: new Date(),
      });
      tx.persist(f);
      this.events.record(tx, SupervisionEvents.caseSupervised, f.id, { id: f.id, caseId: f.caseId, gridCode: f.gridCode, path: f.gridPath, deadline: deadline.toISOString() });
      if (kase.deadline && deadline < kase.deadline) {
        kase.deadline = deadline;
        kase.updatedAt = new Date();
        this.events.record(tx, TicketingEvents.caseSupervised, kase.id, caseEventData(kase, 'supervise', kase.state, actorOf(caller), { reason: dto.note }));
      }
      return f;
    });
    return toFlagView(flag);
  }

  async getFlag(caller: Caller, id: string): Promise<SupervisionFlagView> {
    assertOverseer(caller);
    const flag = await this.orm.em.fork().findOne(SupervisionFlag, { id });
    if (!flag) throw TicketingException.notFound('Supervision flag', id);
    assertInScope(caller, flag.gridPath, `Supervision flag ${id}`);
    return toFlagView(flag);
  }

  async listFlags(caller: Caller, q: ListSupervisionQuery): Promise<Page<SupervisionFlagView>> {
    assertOverseer(caller);
    const { offset, limit } = paging(q);
    const scope = subtreeFilter<SupervisionFlag>(caller, 'gridPath', q.under);
    if (!scope) return emptyPage({ offset, limit });
    const where = { $and: [scope, q.caseId ? { caseId: q.caseId } : {}] };
    const [items, total] = await this.orm.em.fork().findAndCount(SupervisionFlag, where, { orderBy: { createdAt: 'desc', id: 'asc' }, offset, limit });
    return { items: items.map(toFlagView), total, offset, limit };
  }

  async inspect(caller: Caller, dto: RecordInspectionDto): Promise<InspectionView> {
    assertSupervisor(caller);
    const node = await this.registry.node(dto.gridCode);
    assertInScope(caller, node.path, `Node ${dto.gridCode}`);
    const inspectedAt = dto.inspectedAt ? new Date(dto.inspectedAt) : new Date();
    if (inspectedAt.getTime() > Date.now() + 5 * 60 * 1000) throw ServiceError.validation([{ field: 'inspectedAt', reason: 'must not be in the future' }]);
    const inspection = Object.assign(new Inspection(), {
      id: randomUUID(),
      gridCode: node.code,
      gridPath: node.path,
      inspectedAt,
      findings: dto.findings.map((f) => ({ text: f.text, severity: f.severity })),
      inspector: caller.name,
      inspectorId: caller.id,
      createdAt: new Date(),
    });
    const counts: Record<FindingSeverity, number> = { low: 0, medium: 0, high: 0 };
    for (const f of inspection.findings) counts[f.severity] += 1;
    await this.orm.em.fork().transactional(async (tx) => {
      tx.persist(inspection);
      this.events.record(tx, SupervisionEvents.inspectionRecorded, inspection.id, {
        id: inspection.id,
        gridCode: node.code,
        path: node.path,
        findings: counts,
        inspectedAt: inspection.inspectedAt.toISOString(),
      });
    });
    return toInspectionView(inspection);
  }

  async getInspection(caller: Caller, id: string): Promise<InspectionView> {
    assertOverseer(caller);
    const inspection = await this.orm.em.fork().findOne(Inspection, { id });
    if (!inspection) throw TicketingException.notFound('Inspection', id);
    assertInScope(caller, inspection.gridPath, `Inspection ${id}`);
    return toInspectionView(inspection);
  }

  async listInspections(caller: Caller, q: ListSupervisionQuery): Promise<Page<InspectionView>> {
    assertOverseer(caller);
    const { offset, limit } = paging(q);
    const scope = subtreeFilter<Inspection>(caller, 'gridPath', q.under);
    if (!scope) return emptyPage({ offset, limit });
    const [items, total] = await this.orm.em.fork().findAndCount(Inspection, scope, { orderBy: { inspectedAt: 'desc', id: 'asc' }, offset, limit });
    return { items: items.map(toInspectionView), total, offset, limit };
  }
}

export function toFlagView(f: SupervisionFlag): SupervisionFlagView {
  return {
    id: f.id,
    caseId: f.caseId,
    gridCode: f.gridCode,
    gridPath: f.gridPath,
    deadline: f.deadline.toISOString(),
    caseDeadline: f.caseDeadline?.toISOString() ?? null,
    note: f.note,
    flaggedBy: f.flaggedBy,
    createdAt: f.createdAt.toISOString(),
  };
}

export function toInspectionView(i: Inspection): InspectionView {
  return { id: i.id, gridCode: i.gridCode, gridPath: i.gridPath, inspectedAt: i.inspectedAt.toISOString(), findings: i.findings, inspector: i.inspector, createdAt: i.createdAt.toISOString() };
}
