import { randomUUID } from 'node:crypto';

import { assertAllowed, pathFilter } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import type { BoundaryDto, PlaceView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import {
  RelocationEvents,
  type AdvanceHouseholdRequest,
  type CreateRelocationProjectDto,
  type ListRelocationPlacesRequest,
  type ListRelocationProjectsQuery,
  type RelocationHouseholdView,
  type RelocationItemRequest,
  type RelocationPlaceView,
  type RelocationProjectView,
  type SetHoldoutRequest,
  type UpdateRelocationProjectRequest,
} from '@citygrid/contracts/relocation';
import { validateBoundary } from '@citygrid/geo';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';

import { MANAGERS_ONLY, manages, seesProject, WORKERS_ONLY, worksOn } from '../shared/access';
import { RegistryClient, RESOLVED_KINDS } from '../shared/registry-client';
import { HouseholdStep, ProjectPlace, RelocationProject } from './project.entity';
import { decideStep, StepRefused, stepError } from './transitions';
import { toHouseholdView, toPlaceView, toProjectView, type PlaceCounts } from './views';

/**
 * Relocation projects 征拆 with their red line: the units, buildings and households inside it
 * resolved from grid-registry places, and each household's steps visited → agreed → signed →
 * moved → demolished with its holdout flag. Every change records its event in the same transaction.
 */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
  ) {}

  async create(caller: Caller, dto: CreateRelocationProjectDto): Promise<RelocationProjectView> {
    assertAllowed(manages(caller), MANAGERS_ONLY);
    const redLine = validRedLine(dto.redLine);
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    assertAllowed(manages(caller, node.path), MANAGERS_ONLY);
    const now = new Date();
    const p = Object.assign(new RelocationProject(), {
      id: randomUUID(),
      name: dto.name,
      nodeCode: node.code,
      path: node.path,
      redLine,
      reach: [] as string[],
      startDate: dto.startDate,
      status: 'active' as const,
      resolvedAt: null,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
    });
    const { places, reach } = await this.inside(p);
    p.reach = reach;
    const em = this.orm.em.fork();
    const counts = await em.transactional(async (tx) => {
      await tx.persist(p).flush();
      const counts = await this.snapshot(tx, p, places, now);
      this.events.record(tx, RelocationEvents.projectCreated, p.id, { projectId: p.id, nodeCode: p.nodeCode, path: p.path, startDate: p.startDate, by: caller.id });
      this.events.record(tx, RelocationEvents.projectResolved, p.id, { projectId: p.id, ...counts, path: p.path, by: caller.id });
      return counts;
    });
    return toProjectView(p, counts);
  }

  async list(caller: Caller, q: ListRelocationProjectsQuery): Promise<Page<RelocationProjectView>> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const inTree = caller.kind === 'staff' ? (pathFilter(caller, 'path', q.under) as FilterQuery<RelocationProject> | null) : null;
    // also the projects whose red line reaches into the caller's node (under `under`, if given)
    const reached: FilterQuery<RelocationProject> | null =
      caller.kind === 'staff' && caller.nodeScope !== null ? { reach: { $contains: [caller.nodeScope] }, ...(q.under ? { path: { $contains: [q.under] } } : {}) } : null;
    const scope: FilterQuery<RelocationProject> | null = inTree && reached ? { $or: [inTree, reached] } : (inTree ?? reached);
    if (!scope) return { items: [], total: 0, offset, limit };
    const em = this.orm.em.fork();
    const [rows, total] = await em.findAndCount(RelocationProject, scope, { orderBy: { createdAt: 'desc', id: 'asc' }, offset, limit });
    const items = await Promise.all(rows.map(async (p) => toProjectView(p, await countPlaces(em, p.id))));
    return { items, total, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<RelocationProjectView> {
    const em = this.orm.em.fork();
    const p = await visibleProject(em, caller, id);
    return toProjectView(p, await countPlaces(em, p.id));
  }

  async update(caller: Caller, req: UpdateRelocationProjectRequest): Promise<RelocationProjectView> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const p = await visibleProject(tx, caller, req.id, true);
      assertAllowed(manages(caller, p.path), MANAGERS_ONLY);
      if (req.status !== undefined && req.status !== p.status) {
        p.status = req.status;
        p.updatedAt = new Date();
      }
      await tx.flush();
      return toProjectView(p, await countPlaces(tx, p.id));
    });
  }

  /** Resolve the red line again: new places are added, those no longer inside are marked `inside: false` (their history kept). */
  async resolve(caller: Caller, id: string): Promise<RelocationProjectView> {
    const em = this.orm.em.fork();
    const p = await visibleProject(em, caller, id);
    assertAllowed(manages(caller, p.path), MANAGERS_ONLY);
    const { places, reach } = await this.inside(p);
    const now = new Date();
    const counts = await em.transactional(async (tx) => {
      const locked = await visibleProject(tx, caller, id, true);
      locked.reach = reach;
      const counts = await this.snapshot(tx, locked, places, now);
      this.events.record(tx, RelocationEvents.projectResolved, p.id, { projectId: p.id, ...counts, path: p.path, by: caller.id });
      return counts;
    });
    return toProjectView(Object.assign(p, { resolvedAt: now }), counts);
  }

  async places(caller: Caller, q: ListRelocationPlacesRequest): Promise<Page<RelocationPlaceView>> {
    const em = this.orm.em.fork();
    await visibleProject(em, caller, q.projectId);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const where: FilterQuery<ProjectPlace> = { projectId: q.projectId, inside: true };
    if (q.kind) where.kind = q.kind;
    if (q.state) where.state = q.state === 'none' ? null : q.state;
    if (q.holdout !== undefined) where.holdout = q.holdout;
    if (q.packageId) where.packageId = q.packageId;
    const [rows, total] = await em.findAndCount(ProjectPlace, where, { orderBy: { kind: 'asc', name: 'asc', id: 'asc' }, offset, limit });
    return { items: rows.map(toPlaceView), total, offset, limit };
  }

  async household(caller: Caller, req: RelocationItemRequest): Promise<RelocationHouseholdView> {
    const em = this.orm.em.fork();
    await visibleProject(em, caller, req.projectId);
    const h = await householdOf(em, req.projectId, req.id);
    return toHouseholdView(h, await em.find(HouseholdStep, { householdId: h.id }, { orderBy: { at: 'asc', id: 'asc' } }));
  }

  /** One step of a household; `at` backdates it (never before the previous step, never in the future). */
  async advance(caller: Caller, req: AdvanceHouseholdRequest): Promise<RelocationHouseholdView> {
    const em = this.orm.em.fork();
    const now = new Date();
    return em.transactional(async (tx) => {
      const p = await visibleProject(tx, caller, req.projectId);
      const h = await householdOf(tx, p.id, req.id, true);
      assertAllowed(worksOn(caller, p), WORKERS_ONLY);
      const steps = await tx.find(HouseholdStep, { householdId: h.id }, { orderBy: { at: 'asc', id: 'asc' } });
      const at = req.at === undefined ? now : new Date(req.at);
      try {
        decideStep(h.state, req.state, at, steps.at(-1)?.at ?? null, now);
      } catch (err) {
        if (err instanceof StepRefused) throw stepError(err);
        throw err;
      }
      const before = h.state;
      const step = Object.assign(new HouseholdStep(), { id: randomUUID(), projectId: p.id, householdId: h.id, state: req.state, at, note: req.note ?? null, by: caller.id, recordedAt: now });
      h.state = req.state;
      h.lastVisitAt = at;
      h.updatedAt = now;
      tx.persist(step);
      this.events.record(
        tx,
        RelocationEvents.householdChanged,
        h.id,
        { projectId: p.id, householdId: h.id, stateBefore: before, state: req.state, at: at.toISOString(), path: p.path, placeId: h.placeId, holdout: h.holdout, by: caller.id },
        { state: before },
        { state: h.state, at: at.toISOString() },
      );
      await tx.flush();
      return toHouseholdView(h, [...steps, step]);
    });
  }

  /** Mark a household as a holdout 钉子户 with its reasons, or clear the mark. */
  async holdout(caller: Caller, req: SetHoldoutRequest): Promise<RelocationHouseholdView> {
    if (req.holdout && !req.reasons?.length) throw ServiceError.validation([{ field: 'reasons', reason: 'at least one reason is required to mark a holdout' }]);
    if (!req.holdout && req.reasons?.length) throw ServiceError.validation([{ field: 'reasons', reason: 'is taken only when marking a holdout' }]);
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const p = await visibleProject(tx, caller, req.projectId);
      const h = await householdOf(tx, p.id, req.id, true);
      assertAllowed(worksOn(caller, p), WORKERS_ONLY);
      const before = { holdout: h.holdout, holdoutReasons: h.holdoutReasons };
      h.holdout = req.holdout;
      h.holdoutReasons = req.holdout ? (req.reasons ?? []) : [];
      h.updatedAt = new Date();
      this.events.record(
        tx,
        RelocationEvents.householdHoldout,
        h.id,
        { projectId: p.id, householdId: h.id, holdout: h.holdout, reasons: h.holdoutReasons.length, path: p.path, by: caller.id },
        before,
        {
          holdout: h.holdout,
          holdoutReasons: h.holdoutReasons,
        },
      );
      await tx.flush();
      return toHouseholdView(h, await tx.find(HouseholdStep, { householdId: h.id }, { orderBy: { at: 'asc', id: 'asc' } }));
    });
  }

  /** The units, buildings and households under the project's node whose location lies inside the red line. */
  /** The places inside the red line, and the nodes of their grids' paths (the project's reach). */
  private async inside(p: RelocationProject): Promise<{ places: PlaceView[]; reach: string[] }> {
    const places: PlaceView[] = [];
    const redLine = p.redLine as unknown as Polygon;
    for (const kind of RESOLVED_KINDS) {
      for (const place of await this.registry.places(kind, p.nodeCode)) {
        if (booleanPointInPolygon(place.location.coordinates, redLine)) places.push(place);
      }
    }
    const reach = new Set<string>();
    for (const grid of new Set(places.map((pl) => pl.gridCode))) for (const code of (await this.registry.node(grid, 'redLine')).path) reach.add(code);
    return { places, reach: [...reach].sort() };
  }

  /** Bring the snapshot in line with `places`; keeps every household's state, package and steps. */
  private async snapshot(tx: EntityManager, p: RelocationProject, places: readonly PlaceView[], now: Date): Promise<PlaceCounts> {
    const existing = new Map((await tx.find(ProjectPlace, { projectId: p.id })).map((r) => [r.placeId, r]));
    const seen = new Set<string>();
    for (const place of places) {
      seen.add(place.id);
      const row = existing.get(place.id);
      const [lng, lat] = place.location.coordinates as [number, number];
      if (row) {
        Object.assign(row, { name: place.name, gridCode: place.gridCode, lng, lat, inside: true, updatedAt: now });
        continue;
      }
      tx.persist(
        Object.assign(new ProjectPlace(), {
          id: randomUUID(),
          projectId: p.id,
          placeId: place.id,
          kind: place.kind as ProjectPlace['kind'],
          name: place.name,
          gridCode: place.gridCode,
          lng,
          lat,
          inside: true,
          state: null,
          packageId: null,
          holdout: false,
          holdoutReasons: [],
          lastVisitAt: null,
          updatedAt: now,
        }),
      );
    }
    for (const [placeId, row] of existing) if (!seen.has(placeId) && row.inside) Object.assign(row, { inside: false, updatedAt: now });
    p.resolvedAt = now;
    await tx.flush();
    return countPlaces(tx, p.id);
  }
}

/** A project the caller sees, or 404. */
export async function visibleProject(em: EntityManager, caller: Caller, id: string, lock = false): Promise<RelocationProject> {
  const p = await em.findOne(RelocationProject, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!p || !seesProject(caller, p)) throw new ServiceError(ErrorCode.NotFound, `Relocation project ${id} does not exist.`);
  return p;
}

/** A household inside project `projectId`, or 404. */
export async function householdOf(em: EntityManager, projectId: string, id: string, lock = false): Promise<ProjectPlace> {
  const h = await em.findOne(ProjectPlace, { id, projectId, kind: 'household' }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!h) throw new ServiceError(ErrorCode.NotFound, `Household ${id} is not in relocation project ${projectId}.`);
  return h;
}

export async function countPlaces(em: EntityManager, projectId: string): Promise<PlaceCounts> {
  const units = await em.count(ProjectPlace, { projectId, kind: 'unit', inside: true });
  const buildings = await em.count(ProjectPlace, { projectId, kind: 'building', inside: true });
  const households = await em.count(ProjectPlace, { projectId, kind: 'household', inside: true });
  return { units, buildings, households };
}

/** The red line: a valid GeoJSON Polygon (400 naming the field otherwise). */
export function validRedLine(geometry: unknown): BoundaryDto {
  const errors = validateBoundary(geometry, 'redLine');
  if (!errors.length && (geometry as { type?: unknown }).type !== 'Polygon') errors.push({ field: 'redLine.type', reason: 'must be Polygon' });
  if (errors.length) throw ServiceError.validation(errors, 'The red line is not a valid GeoJSON Polygon.');
  return geometry as BoundaryDto;
}
