import { randomUUID } from 'node:crypto';

import type { Page } from '@citygrid/contracts';
import { GridRegistryEvents, PlaceKind, type ListPlacesQuery, type MovePlaceDto, type PlaceView, type RegisterPlaceDto } from '@citygrid/contracts/grid-registry';
import type { FilterQuery } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { assertAllowed, assertInScope, inScope } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { Injectable } from '@nestjs/common';

import { type GridNode } from '../nodes/grid-node.entity';
import { NodesService } from '../nodes/nodes.service';
import { escapeLike } from '../shared/sql';
import { assertCanRead, canRegisterPlaces, scopeFilter } from '../shared/access';
import { GridRegistryException } from '../shared/grid-registry.exception';
import { Place } from './place.entity';

@Injectable()
export class PlacesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly nodes: NodesService,
  ) {}

  async register(caller: Caller, dto: RegisterPlaceDto): Promise<PlaceView> {
    const em = this.orm.em.fork();
    assertAllowed(canRegisterPlaces(caller), 'Your role may not register places.');
    const point = toPoint(dto.location.coordinates);
    const grid = await this.nodes.resolveGrid(em, point, 'location');
    assertAllowed(inScope(caller, grid.path), 'That location is outside your area.');
    const place = buildPlace(dto, grid);
    await em.transactional(async (tx) => {
      tx.persist(place);
      this.recordRegistered(tx, place);
    });
    return toPlaceView(place);
  }

  recordRegistered(em: EntityManager, p: Place): void {
    this.events.record(em, GridRegistryEvents.placeRegistered, p.id, {
      id: p.id,
      kind: p.kind,
      name: p.name,
      coordinates: [p.lng, p.lat],
      gridId: p.gridId,
      gridCode: p.gridCode,
      path: p.gridPath,
      previousGridCode: null,
    });
  }

  async move(caller: Caller, id: string, dto: MovePlaceDto): Promise<PlaceView> {
    const em = this.orm.em.fork();
    const place = await this.mustFindFor(caller, em, id);
    assertAllowed(canRegisterPlaces(caller), 'Your role may not move places.');
    const point = toPoint(dto.location.coordinates);
    const grid = await this.nodes.resolveGrid(em, point, 'location');
    assertAllowed(inScope(caller, grid.path), 'That location is outside your area.');
    const previousGridCode = place.gridCode;
    await em.transactional(async (tx) => {
      place.lng = point[0];
      place.lat = point[1];
      if (dto.address) place.address = dto.address;
      place.gridId = grid.id;
      place.gridCode = grid.code;
      place.gridPath = grid.path;
      place.updatedAt = new Date();
      this.events.record(tx, GridRegistryEvents.placeMoved, place.id, {
        id: place.id,
        kind: place.kind,
        name: place.name,
        coordinates: point,
        gridId: grid.id,
        gridCode: grid.code,
        path: grid.path,
        previousGridCode,
      });
    });
    return toPlaceView(place);
  }

  async get(caller: Caller, id: string): Promise<PlaceView> {
    return toPlaceView(await this.mustFindFor(caller, this.orm.em.fork(), id));
  }

  /** A place in the caller's subtree, or 404. */
  async mustFindFor(caller: Caller, em: EntityManager, id: string): Promise<Place> {
    assertCanRead(caller);
    const place = await em.findOne(Place, { id });
    if (!place) throw GridRegistryException.notFound('Place', id);
    assertInScope(caller, place.gridPath, `Place ${id}`);
    return place;
  }

  async list(caller: Caller, q: ListPlacesQuery): Promise<Page<PlaceView>> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Place>(caller, 'gridPath');
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<Place> = { ...(scope as object) };
    if (q.kind) where.kind = q.kind;
    if (q.under) where.gridCode = { $like: `${q.under}%` };
    if (q.q) where.name = { $ilike: `%${escapeLike(q.q)}%` };
    const [items, total] = await em.findAndCount(Place, where, { orderBy: { gridCode: 'asc', name: 'asc', id: 'asc' }, offset, limit });
    return { items: items.map(toPlaceView), total, offset, limit };
  }
}

export function toPoint(coordinates: number[]): [number, number] {
  return [Number(coordinates[0]), Number(coordinates[1])];
}

/** Build a place entity resolved to `grid` (used by register and by imports). */
export function buildPlace(dto: RegisterPlaceDto, grid: GridNode): Place {
  const attributes: Record<string, string | number> = {};
  if (dto.kind === PlaceKind.Household && dto.members !== undefined) attributes['members'] = dto.members;
  if (dto.kind === PlaceKind.Unit && dto.unitType) attributes['unitType'] = dto.unitType;
  if (dto.creditCode) attributes['creditCode'] = dto.creditCode;
  if (dto.kind === PlaceKind.KeyLocation && dto.category) attributes['category'] = dto.category;
  const [lng, lat] = toPoint(dto.location.coordinates);
  const now = new Date();
  return Object.assign(new Place(), {
    id: randomUUID(),
    kind: dto.kind,
    name: dto.name,
    address: dto.address,
    lng,
    lat,
    gridId: grid.id,
    gridCode: grid.code,
    gridPath: grid.path,
    attributes,
    createdAt: now,
    updatedAt: now,
  });
}

export function toPlaceView(p: Place): PlaceView {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    address: p.address,
    location: { type: 'Point', coordinates: [p.lng, p.lat] },
    gridId: p.gridId,
    gridCode: p.gridCode,
    attributes: p.attributes,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
