import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, isFieldStaffOrOperator } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { StandupEvents, type AgendaQuery, type AgendaView, type ListStandupsQuery, type RecordStandupDto, type StandupView } from '@citygrid/contracts/ticketing';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { cityDay, cityDayBounds, isRealDay, previousDay } from '../shared/city-day';
import { assertStaff, emptyPage, paging, subtreeFilter } from '../shared/field-access';
import { RegistryQueries } from '../shared/registry-queries';
import { Case } from '../cases/case.entity';
import { TicketingException } from '../shared/ticketing.exception';
import { SupervisionFlag } from '../shared/supervision-flag.entity';
import { buildAgenda, SETTLED_STATES, type AgendaCase } from './agenda';
import { Standup } from './standup.entity';

/** Daily stand-ups 日碰头: the agenda of a node and day, and the meetings with their decisions. */
@Injectable()
export class StandupsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryQueries,
  ) {}

  async agenda(caller: Caller, q: AgendaQuery): Promise<AgendaView> {
    assertStaff(caller);
    const date = this.day(q.date, 'date');
    const node = await this.registry.node(q.node);
    assertInScope(caller, node.path, `Node ${q.node}`);
    const em = this.orm.em.fork();
    const last = await em.findOne(Standup, { nodeCode: node.code, day: { $lt: date } }, { orderBy: { heldAt: 'desc' } });
    const since = last?.heldAt ?? cityDayBounds(previousDay(date)).start;
    const until = cityDayBounds(date).end;
    const cases = await this.agendaCases(em, node.code, since, until);
    const supervised = await supervisedDeadlines(
      em,
      cases.map((c) => c.id),
    );
    return buildAgenda({ node: node.code, date, since, sinceIsMeeting: last !== null, until, now: new Date(), cases, supervised });
  }

  async record(caller: Caller, dto: RecordStandupDto): Promise<StandupView> {
    assertStaff(caller);
    assertAllowed(isFieldStaffOrOperator(caller), 'Only operators and grid staff record stand-ups.');
    const day = this.day(dto.date, 'date');
    const node = await this.registry.node(dto.node);
    assertInScope(caller, node.path, `Node ${dto.node}`);
    const em = this.orm.em.fork();
    const caseIds = [...new Set(dto.decisions.map((d) => d.caseId))];
    if (caseIds.length !== dto.decisions.length) throw ServiceError.validation([{ field: 'decisions', reason: 'one decision per case' }]);
    const known = caseIds.length ? await em.find(Case, { id: { $in: caseIds }, gridPath: { $contains: [node.code] } }, { fields: ['id'] }) : [];
    const foreign = caseIds.filter((id) => !known.some((c) => c.id === id));
    if (foreign.length) {
      // The same answer whether the case does not exist or lies elsewhere: nothing leaks.
      throw TicketingException.unprocessable(
        `Decisions name cases that are not in ${node.code}'s area.`,
        foreign.map((id) => ({ field: 'decisions.caseId', reason: `case ${id} is not in this node's area` })),
      );
    }
    for (const d of dto.decisions) if (!isRealDay(d.dueDate)) throw ServiceError.validation([{ field: 'decisions.dueDate', reason: 'is not a calendar date' }]);
    const standup = Object.assign(new Standup(), {
      id: randomUUID(),
      nodeCode: node.code,
      nodePath: node.path,
      day,
      heldAt: dto.heldAt ? new Date(dto.heldAt) : new Date(),
      attendees: dto.attendees,
      decisions: dto.decisions.map((d) => ({ caseId: d.caseId, plan: d.plan, owner: d.owner, dueDate: d.dueDate })),
      notes: dto.notes ?? null,
      recordedBy: caller.name,
      recordedById: caller.id,
      createdAt: new Date(),
    });
    await em.transactional(async (tx) => {
      tx.persist(standup);
      this.events.record(tx, StandupEvents.standupRecorded, standup.id, { id: standup.id, node: standup.nodeCode, path: standup.nodePath, date: day, caseIds });
    });
    return toStandupView(standup);
  }

  async get(caller: Caller, id: string): Promise<StandupView> {
    assertStaff(caller);
    const standup = await this.orm.em.fork().findOne(Standup, { id });
    if (!standup) throw TicketingException.notFound('Stand-up', id);
    assertInScope(caller, standup.nodePath, `Stand-up ${id}`);
    return toStandupView(standup);
  }

  async list(caller: Caller, q: ListStandupsQuery): Promise<Page<StandupView>> {
    assertStaff(caller);
    const { offset, limit } = paging(q);
    const scope = subtreeFilter<Standup>(caller, 'nodePath', q.under);
    if (!scope) return emptyPage({ offset, limit });
    const [items, total] = await this.orm.em.fork().findAndCount(Standup, scope, { orderBy: { heldAt: 'desc', id: 'asc' }, offset, limit });
    return { items: items.map(toStandupView), total, offset, limit };
  }

  /** Cases under `node` still open, or reported in `[since, until)`. */
  private async agendaCases(em: EntityManager, node: string, since: Date, until: Date): Promise<AgendaCase[]> {
    const rows = await em.find(Case, {
      gridPath: { $contains: [node] },
      $or: [{ state: { $nin: [...SETTLED_STATES] as Case['state'][] } }, { createdAt: { $gte: since, $lt: until } }],
    });
    return rows.map((c) => ({
      id: c.id,
      number: c.number,
      categoryCode: c.categoryCode,
      state: c.state,
      gridCode: c.gridCode,
      levelCode: c.gridPath[c.level] ?? c.gridCode,
      escalationCount: c.escalationCount,
      reportedAt: c.createdAt,
      deadline: c.deadline,
      description: c.description,
    }));
  }

  private day(value: string | undefined, field: string): string {
    if (value === undefined) return cityDay(new Date());
    if (!isRealDay(value)) throw ServiceError.validation([{ field, reason: 'is not a calendar date' }]);
    return value;
  }
}

/** The tightest supervised deadline of each flagged case among `caseIds`. */
export async function supervisedDeadlines(em: EntityManager, caseIds: readonly string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (!caseIds.length) return out;
  for (const f of await em.find(SupervisionFlag, { caseId: { $in: [...caseIds] } })) {
    const prev = out.get(f.caseId);
    if (!prev || f.deadline < prev) out.set(f.caseId, f.deadline);
  }
  return out;
}

export function toStandupView(s: Standup): StandupView {
  return {
    id: s.id,
    node: s.nodeCode,
    nodePath: s.nodePath,
    date: s.day,
    heldAt: s.heldAt.toISOString(),
    attendees: s.attendees,
    decisions: s.decisions,
    notes: s.notes,
    recordedBy: s.recordedBy,
    createdAt: s.createdAt.toISOString(),
  };
}
