import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, isFieldStaffOrOperator } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import { NodeKind, NodeStatus, PlaceKind, type NodeView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import {
  CaseSource,
  PatrolEvents,
  type CoverageQuery,
  type CreateCaseDto,
  type CreatedCaseView,
  type KeyLocationCoverageView,
  type ListFieldLogsQuery,
  type LogPatrolDto,
  type LogVisitDto,
  type PatrolView,
  type RaiseCaseFromLogRequest,
  type UnpatrolledView,
  type VisitView,
} from '@citygrid/contracts/ticketing';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { CasesService } from '../cases/cases.service';
import { TicketingException } from '../shared/ticketing.exception';
import { cityDay, cityDayBounds, isRealDay, keyLocationGaps, unpatrolledGrids, validatePatrol } from './coverage';
import { assertStaff, emptyPage, paging, subtreeFilter } from '../shared/field-access';
import { Patrol, Visit } from './field-log.entities';
import { RegistryQueries } from '../shared/registry-queries';

/** Patrol and visit logs, daily coverage, and cases raised from them. */
@Injectable()
export class PatrolsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryQueries,
    private readonly cases: CasesService,
  ) {}

  async logPatrol(caller: Caller, dto: LogPatrolDto): Promise<PatrolView> {
    assertStaff(caller);
    assertAllowed(isFieldStaffOrOperator(caller), 'Only grid staff and operators log patrols.');
    const startedAt = new Date(dto.startedAt);
    const endedAt = new Date(dto.endedAt);
    const errors = validatePatrol(startedAt, endedAt, dto.track, new Date());
    if (errors.length) throw ServiceError.validation(errors);
    const grid = await this.level3Grid(caller, dto.gridCode);
    const patrol = Object.assign(new Patrol(), {
      id: randomUUID(),
      accountId: caller.id,
      staffId: caller.staffId,
      staffName: caller.name,
      gridCode: grid.code,
      gridPath: grid.path,
      day: cityDay(startedAt),
      startedAt,
      endedAt,
      track: dto.track ? { type: 'LineString' as const, coordinates: dto.track.coordinates } : null,
      notes: dto.notes ?? null,
      createdAt: new Date(),
    });
    await this.orm.em.fork().transactional(async (tx) => {
      tx.persist(patrol);
      this.events.record(tx, PatrolEvents.patrolLogged, patrol.id, {
        id: patrol.id,
        gridCode: patrol.gridCode,
        path: patrol.gridPath,
        day: patrol.day,
        startedAt: startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        hasTrack: patrol.track !== null,
      });
    });
    return toPatrolView(patrol);
  }

  async logVisit(caller: Caller, dto: LogVisitDto): Promise<VisitView> {
    assertStaff(caller);
    assertAllowed(isFieldStaffOrOperator(caller), 'Only grid staff and operators log visits.');
    const visitedAt = new Date(dto.visitedAt);
    if (visitedAt.getTime() > Date.now() + 5 * 60 * 1000) throw ServiceError.validation([{ field: 'visitedAt', reason: 'must not be in the future' }]);
    const grid = await this.level3Grid(caller, dto.gridCode);
    // The registry answers 404 for a place outside the caller's area, as for one that does not exist.
    const place = await this.registry.place(dto.placeId);
    if (place.kind !== PlaceKind.Household && place.kind !== PlaceKind.KeyLocation) {
      throw TicketingException.unprocessable('Visits are logged for households and key locations.', [{ field: 'placeId', reason: `is a ${place.kind}` }]);
    }
    if (place.gridCode !== grid.code)
      throw TicketingException.unprocessable(`Place ${place.id} lies in grid ${place.gridCode}, not ${grid.code}.`, [{ field: 'placeId', reason: 'is not in gridCode' }]);
    const visit = Object.assign(new Visit(), {
      id: randomUUID(),
      accountId: caller.id,
      staffId: caller.staffId,
      staffName: caller.name,
      gridCode: grid.code,
      gridPath: grid.path,
      placeId: place.id,
      placeKind: place.kind,
      day: cityDay(visitedAt),
      visitedAt,
      notes: dto.notes ?? null,
      createdAt: new Date(),
    });
    await this.orm.em.fork().transactional(async (tx) => {
      tx.persist(visit);
      this.events.record(tx, PatrolEvents.visitLogged, visit.id, {
        id: visit.id,
        gridCode: visit.gridCode,
        path: visit.gridPath,
        placeId: visit.placeId,
        placeKind: visit.placeKind,
        day: visit.day,
        visitedAt: visitedAt.toISOString(),
      });
    });
    return toVisitView(visit);
  }

  async getPatrol(caller: Caller, id: string): Promise<PatrolView> {
    return toPatrolView(await this.mustFind(caller, Patrol, id, 'Patrol'));
  }

  async getVisit(caller: Caller, id: string): Promise<VisitView> {
    return toVisitView(await this.mustFind(caller, Visit, id, 'Visit'));
  }

  async listPatrols(caller: Caller, q: ListFieldLogsQuery): Promise<Page<PatrolView>> {
    assertStaff(caller);
    const { offset, limit } = paging(q);
    const where = this.logFilter<Patrol>(caller, q);
    if (!where) return emptyPage({ offset, limit });
    const [items, total] = await this.orm.em.fork().findAndCount(Patrol, where, { orderBy: { startedAt: 'desc', id: 'asc' }, offset, limit });
    return { items: items.map(toPatrolView), total, offset, limit };
  }

  async listVisits(caller: Caller, q: ListFieldLogsQuery): Promise<Page<VisitView>> {
    assertStaff(caller);
    const { offset, limit } = paging(q);
    const where = this.logFilter<Visit>(caller, q);
    if (!where) return emptyPage({ offset, limit });
    const [items, total] = await this.orm.em.fork().findAndCount(Visit, where, { orderBy: { visitedAt: 'desc', id: 'asc' }, offset, limit });
    return { items: items.map(toVisitView), total, offset, limit };
  }

  /** Level-3 grids under a node without a patrol on a day. */
  async unpatrolled(caller: Caller, q: CoverageQuery): Promise<UnpatrolledView> {
    assertStaff(caller);
    const day = this.day(q.date);
    const node = await this.registry.node(q.under);
    assertInScope(caller, node.path, `Node ${q.under}`);
    const grids = await this.registry.level3Grids(node.code);
    const patrolled = await this.patrolledGridCodes(caller, node.code, day);
    return { date: day, under: node.code, totalGrids: grids.length, items: unpatrolledGrids(grids, patrolled).map((g) => ({ code: g.code, name: g.name, path: g.path })) };
  }

  /** Key locations under a node without both a patrol of their grid and a visit on a day. */
  async keyLocations(caller: Caller, q: CoverageQuery): Promise<KeyLocationCoverageView> {
    assertStaff(caller);
    const day = this.day(q.date);
    const node = await this.registry.node(q.under);
    assertInScope(caller, node.path, `Node ${q.under}`);
    const places = await this.registry.keyLocations(node.code);
    const patrolled = await this.patrolledGridCodes(caller, node.code, day);
    const scope = subtreeFilter<Visit>(caller, 'gridPath', node.code);
    const visits = scope ? await this.orm.em.fork().find(Visit, { $and: [scope, { day, placeKind: PlaceKind.KeyLocation }] }, { fields: ['placeId'] }) : [];
    const gaps = keyLocationGaps(
      places.map((p) => ({ id: p.id, name: p.name, gridCode: p.gridCode })),
      patrolled,
      new Set(visits.map((v) => v.placeId)),
    );
    return {
      date: day,
      under: node.code,
      totalKeyLocations: places.length,
      items: gaps.map((g) => ({ placeId: g.id, name: g.name, gridCode: g.gridCode, patrolled: g.patrolled, visited: g.visited })),
    };
  }

  /**
   * Raise a case from a patrol or visit through case intake (`CasesService.create`, in process), as
   * the caller: intake applies its own rules (category, grid resolution, the caller's area) exactly
   * as for any other report, and only the source says where it came from.
   */
  async raiseCase(caller: Caller, kind: 'patrol' | 'visit', req: RaiseCaseFromLogRequest): Promise<CreatedCaseView> {
    assertAllowed(isFieldStaffOrOperator(caller), 'Only grid staff and operators raise cases from field work.');
    let location = req.location;
    let address = req.address;
    if (kind === 'patrol') {
      await this.mustFind(caller, Patrol, req.id, 'Patrol');
    } else {
      const visit = await this.mustFind(caller, Visit, req.id, 'Visit');
      if (!location || !address) {
        const place = await this.registry.place(visit.placeId);
        location ??= place.location;
        address ??= place.address;
      }
    }
    const missing = [
      ...(location ? [] : [{ field: 'location', reason: 'is required for a case raised from a patrol' }]),
      ...(address ? [] : [{ field: 'address', reason: 'is required for a case raised from a patrol' }]),
    ];
    if (!location || !address) throw ServiceError.validation(missing);
    const dto: CreateCaseDto = {
      source: kind === 'patrol' ? CaseSource.Patrol : CaseSource.HouseholdVisit,
      categoryCode: req.categoryCode,
      description: req.description,
      location,
      address,
      reporter: { name: caller.name },
    };
    return this.cases.create(caller, dto);
  }

  /** Grids under `under` with a patrol on `day`: one under way across midnight counts for both days. */
  private async patrolledGridCodes(caller: Caller, under: string, day: string): Promise<Set<string>> {
    const { start, end } = cityDayBounds(day);
    const scope = subtreeFilter<Patrol>(caller, 'gridPath', under);
    if (!scope) return new Set();
    const rows = await this.orm.em.fork().find(Patrol, { $and: [scope, { startedAt: { $lt: end }, endedAt: { $gte: start } }] }, { fields: ['gridCode'] });
    return new Set(rows.map((r) => r.gridCode));
  }

  private logFilter<T extends Patrol | Visit>(caller: Caller, q: ListFieldLogsQuery): FilterQuery<T> | null {
    const where: Record<string, unknown> = {};
    if (q.date) where['day'] = this.day(q.date);
    if (q.staffId) where['staffId'] = q.staffId;
    const scope = subtreeFilter<T>(caller, 'gridPath', q.under);
    return scope && ({ $and: [scope, where] } as FilterQuery<T>);
  }

  private async mustFind<T extends Patrol | Visit>(caller: Caller, entity: new () => T, id: string, what: string): Promise<T> {
    assertStaff(caller);
    const row = await this.orm.em.fork().findOne(entity, { id } as FilterQuery<T>);
    if (!row) throw TicketingException.notFound(what, id);
    assertInScope(caller, row.gridPath, `${what} ${id}`);
    return row;
  }

  /** A level-3 grid in the caller's area (404 outside it), else 422. */
  private async level3Grid(caller: Caller, code: string): Promise<NodeView> {
    const grid = await this.registry.node(code);
    assertInScope(caller, grid.path, `Node ${code}`);
    if (grid.kind !== NodeKind.Grid || grid.gridLevel !== 3) throw TicketingException.unprocessable(`Node ${code} is not a level-3 grid.`, [{ field: 'gridCode', reason: 'must be a level-3 grid' }]);
    if (grid.status !== NodeStatus.Active) throw TicketingException.unprocessable(`Grid ${code} is retired.`, [{ field: 'gridCode', reason: 'is retired' }]);
    return grid;
  }

  private day(date: string | undefined): string {
    if (date === undefined) return cityDay(new Date());
    if (!isRealDay(date)) throw new ServiceError(ErrorCode.ValidationFailed, 'The request has invalid fields.', [{ field: 'date', reason: 'is not a calendar date' }]);
    return date;
  }
}

export function toPatrolView(p: Patrol): PatrolView {
  return {
    id: p.id,
    staffId: p.staffId,
    staffName: p.staffName,
    gridCode: p.gridCode,
    gridPath: p.gridPath,
    day: p.day,
    startedAt: p.startedAt.toISOString(),
    endedAt: p.endedAt.toISOString(),
    track: p.track,
    notes: p.notes,
    createdAt: p.createdAt.toISOString(),
  };
}

export function toVisitView(v: Visit): VisitView {
  return {
    id: v.id,
    staffId: v.staffId,
    staffName: v.staffName,
    gridCode: v.gridCode,
    gridPath: v.gridPath,
    placeId: v.placeId,
    placeKind: v.placeKind,
    day: v.day,
    visitedAt: v.visitedAt.toISOString(),
    notes: v.notes,
    createdAt: v.createdAt.toISOString(),
  };
}
