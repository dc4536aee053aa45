import { randomUUID } from 'node:crypto';

import { assertInScope, inScope, seesPersonalData } from '@citygrid/auth';
import type { FieldError, Page } from '@citygrid/contracts';
import {
  EmploymentEvents,
  SeekerStatus,
  WorkHours,
  type CreateSeekerDto,
  type ListSeekersQuery,
  type SeekerV1,
  type SeekerView,
  type SeekerWishesDto,
  type UpdateSeekerRequest,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher, isMainlandMobile, maskPhone, normalizePhone } from '@citygrid/pii';
import { type FilterQuery, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertCanManage, assertCanRead, scopeFilter } from '../shared/access';
import { EmploymentException } from '../shared/employment.exception';
import { RegistryClient } from '../shared/registry-client';
import { Seeker, type SeekerWishes } from './seeker.entity';

/** Bound into each ciphertext, so a value copied into another column does not decrypt. */
export const SEEKER_PHONE_CONTEXT = 'seeker.phone';

/**
 * Job seekers: linked to a registry resident (read as the caller, so only residents the caller
 * may see) or entered by name and node. Phones are stored encrypted and answered masked to callers
 * who may not see personal data; events carry neither names nor phones.
 */
@Injectable()
export class SeekersService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly cipher: FieldCipher,
    private readonly registry: RegistryClient,
  ) {}

  async create(caller: Caller, dto: CreateSeekerDto): Promise<SeekerView> {
    assertCanManage(caller);
    const errors: FieldError[] = [];
    if (dto.residentId !== undefined) {
      if (dto.name !== undefined) errors.push({ field: 'name', reason: 'comes from the resident: leave it out with residentId' });
      if (dto.nodeCode !== undefined) errors.push({ field: 'nodeCode', reason: "is the resident's grid: leave it out with residentId" });
    } else {
      if (dto.name === undefined) errors.push({ field: 'name', reason: 'is required without residentId' });
      if (dto.nodeCode === undefined) errors.push({ field: 'nodeCode', reason: 'is required without residentId' });
    }
    if (dto.phone !== undefined && !isMainlandMobile(dto.phone)) errors.push({ field: 'phone', reason: 'must be a mainland mobile number' });
    if (errors.length) throw EmploymentException.invalid(errors);

    let name: string;
    let nodeCode: string;
    let path: string[];
    if (dto.residentId !== undefined) {
      const resident = await this.registry.resident(dto.residentId, 'residentId');
      const node = await this.registry.node(resident.gridCode, 'residentId');
      name = resident.name;
      nodeCode = node.code;
      path = node.path;
    } else {
      const node = await this.registry.node(dto.nodeCode as string, 'nodeCode');
      name = dto.name as string;
      nodeCode = node.code;
      path = node.path;
    }
    assertInScope(caller, path, 'Node');
    const em = this.orm.em.fork();
    if (dto.residentId !== undefined && (await em.count(Seeker, { residentId: dto.residentId })) > 0) throw duplicateResident();
    const now = new Date();
    const seeker = Object.assign(new Seeker(), {
      id: randomUUID(),
      residentId: dto.residentId ?? null,
      name,
      nodeCode,
      path,
      categories: [...new Set(dto.categories)],
      skills: [...new Set(dto.skills ?? [])],
      wishes: wishesOf(dto.wishes),
      status: SeekerStatus.Seeking,
      phoneCipher: dto.phone === undefined ? null : this.cipher.encrypt(normalizePhone(dto.phone), SEEKER_PHONE_CONTEXT),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await em.transactional(async (tx) => {
        tx.persist(seeker);
        this.events.record(tx, EmploymentEvents.seekerRegistered, seeker.id, eventOf(seeker, caller), undefined, this.auditOf(seeker));
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicateResident();
      throw err;
    }
    return this.toView(seeker, caller);
  }

  async list(caller: Caller, q: ListSeekersQuery): Promise<Page<SeekerView>> {
    assertCanRead(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Seeker>(caller, 'path', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<Seeker>[] = [scope];
    if (q.category) where.push({ categories: { $contains: [q.category] } });
    if (q.status) where.push({ status: q.status });
    const [items, total] = await this.orm.em.fork().findAndCount(Seeker, { $and: where }, { orderBy: { createdAt: 'asc', id: 'asc' }, offset, limit });
    return { items: items.map((s) => this.toView(s, caller)), total, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<SeekerView> {
    assertCanRead(caller);
    return this.toView(await this.load(this.orm.em.fork(), caller, id), caller);
  }

  async update(caller: Caller, req: UpdateSeekerRequest): Promise<SeekerView> {
    assertCanManage(caller);
    if (req.phone !== undefined && req.phone !== null && !isMainlandMobile(req.phone)) throw EmploymentException.invalid([{ field: 'phone', reason: 'must be a mainland mobile number' }]);
    const em = this.orm.em.fork();
    const seeker = await this.load(em, caller, req.id);
    if (req.expectedVersion !== undefined && req.expectedVersion !== seeker.version) throw EmploymentException.stale(req.expectedVersion, seeker.version);
    if (req.name !== undefined && seeker.residentId !== null)
      throw EmploymentException.unprocessable('The name of a seeker linked to a resident is the resident’s: change it in the registry.', [{ field: 'name', reason: 'comes from the linked resident' }]);
    if (req.status !== undefined && seeker.status === SeekerStatus.Placed)
      throw EmploymentException.conflict('The seeker is placed: cancel the placement (if it was a mistake) to change the status.', [
        { field: 'status', reason: 'the seeker has a placement that counts' },
      ]);
    const before = this.auditOf(seeker);
    if (req.name !== undefined) seeker.name = req.name;
    if (req.categories !== undefined) seeker.categories = [...new Set(req.categories)];
    if (req.skills !== undefined) seeker.skills = [...new Set(req.skills)];
    if (req.wishes !== undefined) seeker.wishes = wishesOf(req.wishes);
    if (req.status !== undefined) seeker.status = req.status;
    if (req.phone !== undefined) seeker.phoneCipher = req.phone === null ? null : this.cipher.encrypt(normalizePhone(req.phone), SEEKER_PHONE_CONTEXT);
    seeker.updatedAt = new Date();
    await this.save(em, seeker, caller, before);
    return this.toView(seeker, caller);
  }

  /**
   * On `tx`, the transaction of a placement: the seeker's status changes and `seekerUpdated` is
   * recorded with it. The version check of the flush refuses a concurrent change (409).
   */
  setStatus(tx: EntityManager, seeker: Seeker, status: SeekerStatus, caller: Caller): void {
    const before = this.auditOf(seeker);
    seeker.status = status;
    seeker.updatedAt = new Date();
    this.events.record(tx, EmploymentEvents.seekerUpdated, seeker.id, { ...eventOf(seeker, caller), version: seeker.version + 1 }, before, { ...this.auditOf(seeker), version: seeker.version + 1 });
  }

  /** The seeker `id` if the caller may see it; 404 otherwise (outside the area included). */
  async load(em: EntityManager, caller: Caller, id: string, field?: string): Promise<Seeker> {
    const seeker = await em.findOne(Seeker, { id });
    if (!seeker || !inScope(caller, seeker.path)) {
      if (field) throw EmploymentException.unprocessable(`Seeker ${id} does not exist in your area.`, [{ field, reason: 'unknown seeker' }]);
      throw EmploymentException.notFound('Seeker', id);
    }
    return seeker;
  }

  toView(s: Seeker, caller: Caller): SeekerView {
    const full = seesPersonalData(caller);
    const phone = s.phoneCipher === null ? null : this.cipher.decrypt(s.phoneCipher, SEEKER_PHONE_CONTEXT);
    return {
      id: s.id,
      residentId: s.residentId,
      name: s.name,
      nodeCode: s.nodeCode,
      path: s.path,
      categories: s.categories,
      skills: s.skills,
      wishes: { jobTypes: s.wishes.jobTypes, wageFloor: s.wishes.wageFloor, hours: s.wishes.hours, area: s.wishes.area },
      status: s.status,
      phone: phone === null ? null : full ? phone : maskPhone(phone),
      masked: !full,
      version: s.version,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }

  private async save(em: EntityManager, seeker: Seeker, caller: Caller, before: unknown): Promise<void> {
    try {
      await em.transactional(async (tx) => {
        this.events.record(tx, EmploymentEvents.seekerUpdated, seeker.id, { ...eventOf(seeker, caller), version: seeker.version + 1 }, before, {
          ...this.auditOf(seeker),
          version: seeker.version + 1,
        });
      });
    } catch (err) {
      if (err instanceof OptimisticLockError) throw EmploymentException.conflict('The seeker was changed meanwhile: read it again and retry.');
      throw err;
    }
  }

  /** The audit trail's copy: the phone masked, never in clear. */
  private auditOf(s: Seeker): Record<string, unknown> {
    const phone = s.phoneCipher === null ? null : maskPhone(this.cipher.decrypt(s.phoneCipher, SEEKER_PHONE_CONTEXT));
    return { id: s.id, residentId: s.residentId, name: s.name, nodeCode: s.nodeCode, categories: s.categories, skills: s.skills, wishes: s.wishes, status: s.status, phone, version: s.version };
  }
}

export function eventOf(s: Seeker, caller: Caller): SeekerV1 {
  return { id: s.id, residentId: s.residentId, nodeCode: s.nodeCode, path: s.path, categories: s.categories, status: s.status, version: s.version, by: caller.id };
}

function wishesOf(w: SeekerWishesDto | undefined): SeekerWishes {
  return { jobTypes: [...new Set(w?.jobTypes ?? [])], wageFloor: w?.wageFloor ?? null, hours: w?.hours ?? WorkHours.Any, area: w?.area ?? null };
}

function duplicateResident(): EmploymentException {
  return EmploymentException.conflict('This resident is already a job seeker.', [{ field: 'residentId', reason: 'already a job seeker' }]);
}
