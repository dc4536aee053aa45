import { randomUUID } from 'node:crypto';

import { assertInScope, seesPersonalData } from '@citygrid/auth';
import { ErrorCode, type FieldError, type Page } from '@citygrid/contracts';
import {
  HealthEvents,
  type CreateStationDto,
  type DoctorDto,
  type ListStationsQuery,
  type OpeningRangeDto,
  type StationChangedV1,
  type StationCollectionView,
  type StationView,
  type UpdateStationRequest,
} from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher, maskPhone } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { CoverageService } from '../coverage/coverage.service';
import { assertManager, assertReader, emptyPage, paging, subtreeFilter } from '../shared/access';
import { Registry } from '../shared/registry';
import { DOCTOR_PHONE_CONTEXT, Station, type StoredDoctor, type StoredOpeningRange } from '../shared/station.entity';

/** Community health stations 社区卫生服务站: registered, changed and retired (never deleted) by operators in scope. */
@Injectable()
export class StationsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: Registry,
    private readonly cipher: FieldCipher,
    private readonly coverage: CoverageService,
  ) {}

  async create(caller: Caller, dto: CreateStationDto): Promise<StationView> {
    assertManager(caller);
    checkLocation(dto.location.coordinates);
    checkHours(dto.openingHours ?? []);
    const node = await this.registry.node(dto.nodeCode);
    assertInScope(caller, node.path, `Node ${dto.nodeCode}`);
    const now = new Date();
    const station = Object.assign(new Station(), {
      id: randomUUID(),
      name: dto.name,
      nodeCode: node.code,
      path: node.path,
      lng: dto.location.coordinates[0] ?? 0,
      lat: dto.location.coordinates[1] ?? 0,
      openingHours: hours(dto.openingHours ?? []),
      services: dto.services ?? [],
      doctors: this.doctors(dto.doctors ?? []),
      retired: false,
      createdAt: now,
      updatedAt: now,
    });
    await this.orm.em.fork().transactional(async (tx) => {
      tx.persist(station);
      this.events.record(tx, HealthEvents.stationRegistered, station.id, payload(station));
    });
    await this.coverage.recomputeAfterChange(caller, this.coverage.areaAround(caller, station.path), 'station registered');
    return this.view(caller, station);
  }

  async get(caller: Caller, id: string): Promise<StationView> {
    assertReader(caller);
    return this.view(caller, await this.find(caller, this.orm.em.fork(), id));
  }

  async list(caller: Caller, q: ListStationsQuery): Promise<Page<StationView>> {
    assertReader(caller);
    const { offset, limit } = paging(q);
    const where = this.where(caller, q);
    if (!where) return emptyPage({ offset, limit });
    const [rows, total] = await this.orm.em.fork().findAndCount(Station, where, { orderBy: { nodeCode: 'asc', name: 'asc', id: 'asc' }, offset, limit });
    return { items: rows.map((s) => this.view(caller, s)), total, offset, limit };
  }

  async geojson(caller: Caller, q: ListStationsQuery): Promise<StationCollectionView> {
    assertReader(caller);
    const where = this.where(caller, q);
    const rows = where ? await this.orm.em.fork().find(Station, where, { orderBy: { nodeCode: 'asc', name: 'asc', id: 'asc' } }) : [];
    return {
      type: 'FeatureCollection',
      features: rows.map((s) => ({
        type: 'Feature' as const,
        id: s.id,
        geometry: { type: 'Point' as const, coordinates: [s.lng, s.lat] },
        properties: { name: s.name, nodeCode: s.nodeCode, services: s.services, retired: s.retired },
      })),
    };
  }

  async update(caller: Caller, req: UpdateStationRequest): Promise<StationView> {
    assertManager(caller);
    if (req.location) checkLocation(req.location.coordinates);
    if (req.openingHours) checkHours(req.openingHours);
    const em = this.orm.em.fork();
    const station = await em.transactional(async (tx) => {
      const s = await this.find(caller, tx, req.id);
      if (s.retired) throw new ServiceError(ErrorCode.Conflict, `Station ${s.id} is retired; it changes no more.`);
      const before = payload(s);
      if (req.name !== undefined) s.name = req.name;
      if (req.location) [s.lng, s.lat] = [req.location.coordinates[0] ?? s.lng, req.location.coordinates[1] ?? s.lat];
      if (req.openingHours) s.openingHours = hours(req.openingHours);
      if (req.services) s.services = req.services;
      if (req.doctors) s.doctors = this.doctors(req.doctors);
      s.updatedAt = new Date();
      this.events.record(tx, HealthEvents.stationChanged, s.id, payload(s), before);
      return s;
    });
    if (req.location) await this.coverage.recomputeAfterChange(caller, this.coverage.areaAround(caller, station.path), 'station moved');
    return this.view(caller, station);
  }

  async retire(caller: Caller, id: string): Promise<StationView> {
    assertManager(caller);
    const station = await this.orm.em.fork().transactional(async (tx) => {
      const s = await this.find(caller, tx, id);
      if (s.retired) throw new ServiceError(ErrorCode.Conflict, `Station ${s.id} is retired already.`);
      const before = payload(s);
      s.retired = true;
      s.updatedAt = new Date();
      this.events.record(tx, HealthEvents.stationRetired, s.id, payload(s), before);
      return s;
    });
    await this.coverage.recomputeAfterChange(caller, this.coverage.areaAround(caller, station.path), 'station retired');
    return this.view(caller, station);
  }

  private where(caller: Caller, q: ListStationsQuery): FilterQuery<Station> | null {
    const scope = subtreeFilter<Station>(caller, 'path', q.under);
    if (!scope) return null;
    const status = q.status ?? 'active';
    return { $and: [scope, status === 'all' ? {} : { retired: status === 'retired' }] };
  }

  private async find(caller: Caller, em: EntityManager, id: string): Promise<Station> {
    const s = await em.findOne(Station, { id });
    if (!s) throw new ServiceError(ErrorCode.NotFound, `Station ${id} does not exist.`);
    assertInScope(caller, s.path, `Station ${id}`);
    return s;
  }

  private doctors(list: readonly DoctorDto[]): StoredDoctor[] {
    return list.map((d) => ({ name: d.name, title: d.title, phone: d.phone ? this.cipher.encrypt(d.phone, DOCTOR_PHONE_CONTEXT) : null }));
  }

  /** A station as answered: doctors' phones in full for callers who may see personal data, masked otherwise. */
  view(caller: Caller, s: Station): StationView {
    const full = seesPersonalData(caller);
    return {
      id: s.id,
      name: s.name,
      nodeCode: s.nodeCode,
      path: s.path,
      location: { type: 'Point', coordinates: [s.lng, s.lat] },
      openingHours: s.openingHours,
      services: s.services,
      doctors: s.doctors.map((d) => {
        const phone = d.phone ? this.cipher.decrypt(d.phone, DOCTOR_PHONE_CONTEXT) : null;
        return { name: d.name, title: d.title, phone: phone === null ? null : full ? phone : maskPhone(phone) };
      }),
      retired: s.retired,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

/** The station event: where it is and what it offers, never its doctors. */
function payload(s: Station): StationChangedV1 {
  return { id: s.id, nodeCode: s.nodeCode, path: s.path, location: [s.lng, s.lat], services: s.services, retired: s.retired };
}

function hours(list: readonly OpeningRangeDto[]): StoredOpeningRange[] {
  return [...list].map((r) => ({ weekday: r.weekday, opens: r.opens, closes: r.closes })).sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens));
}

function checkLocation(c: readonly number[]): void {
  const errors: FieldError[] = [];
  const [lng = NaN, lat = NaN] = c;
  if (!(lng >= -180 && lng <= 180)) errors.push({ field: 'location.coordinates', reason: 'longitude must be within -180…180' });
  if (!(lat >= -90 && lat <= 90)) errors.push({ field: 'location.coordinates', reason: 'latitude must be within -90…90' });
  if (errors.length) throw ServiceError.validation(errors);
}

/** Each range closes after it opens, and the ranges of a weekday do not overlap. */
function checkHours(list: readonly OpeningRangeDto[]): void {
  const errors: FieldError[] = [];
  list.forEach((r, i) => {
    if (r.closes <= r.opens) errors.push({ field: `openingHours[${i}].closes`, reason: 'must be after opens' });
  });
  const sorted = list.map((r, i) => ({ ...r, i })).sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens));
  sorted.forEach((b, k) => {
    const a = sorted[k - 1];
    if (a && a.weekday === b.weekday && b.opens < a.closes) errors.push({ field: `openingHours[${b.i}].opens`, reason: `overlaps openingHours[${a.i}] on weekday ${b.weekday}` });
  });
  if (errors.length) throw ServiceError.validation(errors);
}
