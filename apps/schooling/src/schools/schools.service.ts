import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  SchoolingEvents,
  type CatchmentCollectionView,
  type CatchmentLookupQuery,
  type CatchmentsQuery,
  type CreateSchoolDto,
  type ListSchoolsQuery,
  type SchoolChangedV1,
  type SchoolKind,
  type SchoolView,
  type UpdateSchoolRequest,
} from '@citygrid/contracts/schooling';
import type { Boundary, LngLat } from '@citygrid/geo';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { RegistryClient } from '../shared/registry-client';
import { catchmentBox, catchmentErrors, containing } from './catchment';
import { canSeeSchool, mayManageSchool } from './school-access';
import { School } from './school.entity';
import { toCatchmentFeature, toSchoolView } from './school-view';

const MANAGERS_ONLY = 'Only operators (and the system administrator) manage the schools of their area.';

/**
 * Schools and their catchments (学区): registered and changed by operators of the school's area,
 * read by every staff member on the school's line of the tree (its subtree and the nodes beneath
 * the ones above). Every change records `citygrid.school.changed.v1` in the same transaction.
 */
@Injectable()
export class SchoolsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
  ) {}

  async create(caller: Caller, dto: CreateSchoolDto): Promise<SchoolView> {
    assertAllowed(isManagerAnywhere(caller), MANAGERS_ONLY);
    const catchment = validCatchment(dto.catchment);
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    assertAllowed(mayManageSchool(caller, node.path), MANAGERS_ONLY);
    const now = new Date();
    const [minLng, minLat, maxLng, maxLat] = catchmentBox(catchment);
    const school = Object.assign(new School(), {
      id: randomUUID(),
      name: dto.name,
      kind: dto.kind,
      nodeCode: node.code,
      path: node.path,
      address: dto.address,
      lng: dto.location.coordinates[0] as number,
      lat: dto.location.coordinates[1] as number,
      capacityPerGrade: dto.capacityPerGrade ?? null,
      catchment,
      minLng,
      minLat,
      maxLng,
      maxLat,
      createdAt: now,
      updatedAt: now,
    });
    await this.orm.em.fork().transactional(async (tx) => {
      tx.persist(school);
      this.events.record(tx, SchoolingEvents.schoolChanged, school.id, changed(school, 'create', [], caller), undefined, toSchoolView(school));
    });
    return toSchoolView(school);
  }

  async list(caller: Caller, q: ListSchoolsQuery): Promise<Page<SchoolView>> {
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const where: FilterQuery<School> = { ...(q.kind ? { kind: q.kind } : {}), ...(q.under ? { path: { $contains: [q.under] } } : {}) };
    const visible = (await this.orm.em.fork().find(School, where, { orderBy: { name: 'asc', id: 'asc' } })).filter((s) => canSeeSchool(caller, s));
    return { items: visible.slice(offset, offset + limit).map(toSchoolView), total: visible.length, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<SchoolView> {
    return toSchoolView(await this.visible(this.orm.em.fork(), caller, id));
  }

  /** A school the caller sees, or 404 naming no more than the id. */
  async visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<School> {
    const school = await em.findOne(School, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!school || !canSeeSchool(caller, school)) throw new ServiceError(ErrorCode.NotFound, `School ${id} does not exist.`);
    return school;
  }

  async update(caller: Caller, req: UpdateSchoolRequest): Promise<SchoolView> {
    const catchment = req.catchment === undefined ? undefined : validCatchment(req.catchment);
    return this.orm.em.fork().transactional(async (tx) => {
      const school = await this.visible(tx, caller, req.id, true);
      assertAllowed(mayManageSchool(caller, school.path), MANAGERS_ONLY);
      const before = toSchoolView(school);
      const fields: string[] = [];
      const set = <K extends 'name' | 'kind' | 'address' | 'capacityPerGrade'>(key: K, value: School[K] | undefined): void => {
        if (value !== undefined && value !== school[key]) {
          school[key] = value;
          fields.push(key);
        }
      };
      set('name', req.name);
      set('kind', req.kind);
      set('address', req.address);
      set('capacityPerGrade', req.capacityPerGrade);
      if (req.location && (req.location.coordinates[0] !== school.lng || req.location.coordinates[1] !== school.lat)) {
        school.lng = req.location.coordinates[0] as number;
        school.lat = req.location.coordinates[1] as number;
        fields.push('location');
      }
      if (catchment) {
        [school.minLng, school.minLat, school.maxLng, school.maxLat] = catchmentBox(catchment);
        school.catchment = catchment;
        fields.push('catchment');
      }
      if (!fields.length) return before;
      school.updatedAt = new Date();
      const after = toSchoolView(school);
      this.events.record(tx, SchoolingEvents.schoolChanged, school.id, changed(school, 'update', fields, caller), before, after);
      return after;
    });
  }

  async remove(caller: Caller, id: string): Promise<SchoolView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const school = await this.visible(tx, caller, id, true);
      assertAllowed(mayManageSchool(caller, school.path), MANAGERS_ONLY);
      const before = toSchoolView(school);
      tx.remove(school);
      this.events.record(tx, SchoolingEvents.schoolChanged, school.id, changed(school, 'delete', [], caller), before, null);
      return before;
    });
  }

  /** The catchments of the schools the caller sees, as a GeoJSON FeatureCollection. */
  async catchments(caller: Caller, q: CatchmentsQuery): Promise<CatchmentCollectionView> {
    const rows = await this.orm.em.fork().find(School, q.kind ? { kind: q.kind } : {}, { orderBy: { name: 'asc', id: 'asc' } });
    return { type: 'FeatureCollection', features: rows.filter((s) => canSeeSchool(caller, s)).map(toCatchmentFeature) };
  }

  async lookup(caller: Caller, q: CatchmentLookupQuery): Promise<SchoolView[]> {
    return (await this.containing(this.orm.em.fork(), caller, [q.lng, q.lat], q.kind)).map(toSchoolView);
  }

  /** The schools the caller sees whose catchment contains `point`, by name. */
  async containing(em: EntityManager, caller: Caller, point: LngLat, kind?: SchoolKind): Promise<School[]> {
    const [lng, lat] = point;
    const candidates = await em.find(
      School,
      { minLng: { $lte: lng }, maxLng: { $gte: lng }, minLat: { $lte: lat }, maxLat: { $gte: lat }, ...(kind ? { kind } : {}) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return containing(
      candidates.filter((s) => canSeeSchool(caller, s)),
      point,
    );
  }
}

/** Whether the caller could manage schools somewhere (checked before asking the registry). */
function isManagerAnywhere(caller: Caller): boolean {
  return mayManageSchool(caller, caller.nodeScope === null ? [] : [caller.nodeScope]);
}

function validCatchment(geometry: unknown): Boundary {
  const errors = catchmentErrors(geometry);
  if (errors.length) throw ServiceError.validation(errors, 'The catchment is not a valid GeoJSON Polygon or MultiPolygon.');
  return geometry as Boundary;
}

function changed(s: School, action: SchoolChangedV1['action'], fields: string[], caller: Caller): SchoolChangedV1 {
  return { id: s.id, name: s.name, kind: s.kind, action, changed: fields, nodeCode: s.nodeCode, path: s.path, capacityPerGrade: s.capacityPerGrade, by: caller.id };
}
