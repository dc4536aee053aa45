import { randomUUID } from 'node:crypto';

import { assertInScope, inScope, seesPersonalData } from '@citygrid/auth';
import type { FieldError, Page } from '@citygrid/contracts';
import {
  EmploymentEvents,
  isUnifiedSocialCreditCode,
  PostingStatus,
  WorkHours,
  type CreateEmployerDto,
  type CreatePostingDto,
  type EmployerRecordV1,
  type EmployerView,
  type ListEmployersQuery,
  type ListPostingsQuery,
  type PostingView,
  type UpdatePostingRequest,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher, isMainlandMobile, maskPhone, normalizePhone } from '@citygrid/pii';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertCanManage, assertCanRead, scopeFilter } from '../shared/access';
import { EmploymentException } from '../shared/employment.exception';
import { RegistryClient } from '../shared/registry-client';
import { Employer, Posting } from './employer.entities';

/** Bound into each ciphertext, so a value copied into another column does not decrypt. */
const CONTACT_PHONE_CONTEXT = 'employer.contact_phone';

/** Employers 用人单位 (unified social credit code checked, contact phone encrypted) and their job postings. */
@Injectable()
export class EmployersService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly cipher: FieldCipher,
    private readonly registry: RegistryClient,
  ) {}

  async create(caller: Caller, dto: CreateEmployerDto): Promise<EmployerView> {
    assertCanManage(caller);
    const errors: FieldError[] = [];
    const creditCode = dto.creditCode.toUpperCase();
    if (!isUnifiedSocialCreditCode(creditCode)) errors.push({ field: 'creditCode', reason: 'must be an 18-character unified social credit code with a valid check character (GB 32100)' });
    if (dto.contactPhone !== undefined && !isMainlandMobile(dto.contactPhone)) errors.push({ field: 'contactPhone', reason: 'must be a mainland mobile number' });
    if (errors.length) throw EmploymentException.invalid(errors);
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    assertInScope(caller, node.path, 'Node');
    const em = this.orm.em.fork();
    if ((await em.count(Employer, { creditCode })) > 0) throw duplicateCreditCode();
    const employer = Object.assign(new Employer(), {
      id: randomUUID(),
      name: dto.name,
      creditCode,
      nodeCode: node.code,
      path: node.path,
      contactName: dto.contactName ?? null,
      contactPhoneCipher: dto.contactPhone === undefined ? null : this.cipher.encrypt(normalizePhone(dto.contactPhone), CONTACT_PHONE_CONTEXT),
      createdAt: new Date(),
    });
    try {
      await em.transactional(async (tx) => {
        tx.persist(employer);
        const data: EmployerRecordV1 = { id: employer.id, employerId: employer.id, nodeCode: employer.nodeCode, path: employer.path, status: null, by: caller.id };
        this.events.record(tx, EmploymentEvents.employerRegistered, employer.id, data, undefined, {
          ...data,
          name: employer.name,
          creditCode,
          contactName: employer.contactName,
          contactPhone: this.phoneOf(employer, false),
        });
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicateCreditCode();
      throw err;
    }
    return this.employerView(employer, caller);
  }

  async list(caller: Caller, q: ListEmployersQuery): Promise<Page<EmployerView>> {
    assertCanRead(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Employer>(caller, 'path', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const [items, total] = await this.orm.em.fork().findAndCount(Employer, scope, { orderBy: { name: 'asc', id: 'asc' }, offset, limit });
    return { items: items.map((e) => this.employerView(e, caller)), total, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<EmployerView> {
    assertCanRead(caller);
    return this.employerView(await this.loadEmployer(this.orm.em.fork(), caller, id), caller);
  }

  async createPosting(caller: Caller, dto: CreatePostingDto): Promise<PostingView> {
    assertCanManage(caller);
    if (dto.wageMax < dto.wageMin) throw EmploymentException.invalid([{ field: 'wageMax', reason: 'must be at least wageMin' }]);
    const em = this.orm.em.fork();
    const employer = await this.loadEmployer(em, caller, dto.employerId, 'employerId');
    const now = new Date();
    const posting = Object.assign(new Posting(), {
      id: randomUUID(),
      employerId: employer.id,
      title: dto.title,
      jobType: dto.jobType,
      skills: [...new Set(dto.skills)],
      wageMin: dto.wageMin,
      wageMax: dto.wageMax,
      openings: dto.openings,
      welcomes: [...new Set(dto.welcomes ?? [])],
      hours: dto.hours ?? WorkHours.FullTime,
      status: PostingStatus.Open,
      nodeCode: employer.nodeCode,
      path: employer.path,
      createdAt: now,
      updatedAt: now,
    });
    await em.transactional(async (tx) => {
      tx.persist(posting);
      this.events.record(tx, EmploymentEvents.postingOpened, posting.id, postingEvent(posting, caller), undefined, { ...postingEvent(posting, caller), ...postingAudit(posting) });
    });
    return postingView(posting, employer);
  }

  async listPostings(caller: Caller, q: ListPostingsQuery): Promise<Page<PostingView>> {
    assertCanRead(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Posting>(caller, 'path', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<Posting>[] = [scope];
    if (q.status) where.push({ status: q.status });
    if (q.employerId) where.push({ employerId: q.employerId });
    const em = this.orm.em.fork();
    const [items, total] = await em.findAndCount(Posting, { $and: where }, { orderBy: { createdAt: 'desc', id: 'asc' }, offset, limit });
    return { items: await this.postingViews(em, items), total, offset, limit };
  }

  async getPosting(caller: Caller, id: string): Promise<PostingView> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const [view] = await this.postingViews(em, [await this.loadPosting(em, caller, id)]);
    return view as PostingView;
  }

  async updatePosting(caller: Caller, req: UpdatePostingRequest): Promise<PostingView> {
    assertCanManage(caller);
    const em = this.orm.em.fork();
    const posting = await this.loadPosting(em, caller, req.id);
    const before = { ...postingEvent(posting, caller), ...postingAudit(posting) };
    const reopened = req.status === PostingStatus.Open && posting.status === PostingStatus.Closed;
    if (req.status !== undefined) posting.status = req.status;
    if (req.openings !== undefined) posting.openings = req.openings;
    posting.updatedAt = new Date();
    await em.transactional(async (tx) => {
      this.events.record(tx, reopened ? EmploymentEvents.postingOpened : EmploymentEvents.postingUpdated, posting.id, postingEvent(posting, caller), before, {
        ...postingEvent(posting, caller),
        ...postingAudit(posting),
      });
    });
    const [view] = await this.postingViews(em, [posting]);
    return view as PostingView;
  }

  /** The employer `id` if the caller may see it: 404, or 422 naming `field` when it is referred to by another record. */
  async loadEmployer(em: EntityManager, caller: Caller, id: string, field?: string): Promise<Employer> {
    const employer = await em.findOne(Employer, { id });
    if (!employer || !inScope(caller, employer.path)) {
      if (field) throw EmploymentException.unprocessable(`Employer ${id} does not exist in your area.`, [{ field, reason: 'unknown employer' }]);
      throw EmploymentException.notFound('Employer', id);
    }
    return employer;
  }

  /** The posting `id` if the caller may see it: 404, or 422 naming `field`. */
  async loadPosting(em: EntityManager, caller: Caller, id: string, field?: string): Promise<Posting> {
    const posting = await em.findOne(Posting, { id });
    if (!posting || !inScope(caller, posting.path)) {
      if (field) throw EmploymentException.unprocessable(`Posting ${id} does not exist in your area.`, [{ field, reason: 'unknown posting' }]);
      throw EmploymentException.notFound('Posting', id);
    }
    return posting;
  }

  /** Views of postings, with their employers' names. */
  async postingViews(em: EntityManager, postings: Posting[]): Promise<PostingView[]> {
    const ids = [...new Set(postings.map((p) => p.employerId))];
    const employers = new Map((ids.length ? await em.find(Employer, { id: { $in: ids } }) : []).map((e) => [e.id, e]));
    return postings.map((p) => postingView(p, employers.get(p.employerId)));
  }

  private employerView(e: Employer, caller: Caller): EmployerView {
    const full = seesPersonalData(caller);
    return {
      id: e.id,
      name: e.name,
      creditCode: e.creditCode,
      nodeCode: e.nodeCode,
      path: e.path,
      contactName: e.contactName,
      contactPhone: this.phoneOf(e, full),
      masked: !full,
      createdAt: e.createdAt.toISOString(),
    };
  }

  private phoneOf(e: Employer, full: boolean): string | null {
    if (e.contactPhoneCipher === null) return null;
    const phone = this.cipher.decrypt(e.contactPhoneCipher, CONTACT_PHONE_CONTEXT);
    return full ? phone : maskPhone(phone);
  }
}

function postingEvent(p: Posting, caller: Caller): EmployerRecordV1 {
  return { id: p.id, employerId: p.employerId, nodeCode: p.nodeCode, path: p.path, status: p.status, by: caller.id };
}

function postingAudit(p: Posting): Record<string, unknown> {
  return { title: p.title, jobType: p.jobType, skills: p.skills, wageMin: p.wageMin, wageMax: p.wageMax, openings: p.openings, welcomes: p.welcomes, hours: p.hours };
}

export function postingView(p: Posting, employer: Employer | undefined): PostingView {
  return {
    id: p.id,
    employerId: p.employerId,
    employerName: employer?.name ?? '',
    title: p.title,
    jobType: p.jobType,
    skills: p.skills,
    wageMin: p.wageMin,
    wageMax: p.wageMax,
    openings: p.openings,
    welcomes: p.welcomes,
    hours: p.hours,
    status: p.status,
    nodeCode: p.nodeCode,
    path: p.path,
    createdAt: p.createdAt.toISOString(),
  };
}

function duplicateCreditCode(): EmploymentException {
  return EmploymentException.conflict('An employer with this unified social credit code is already registered.', [{ field: 'creditCode', reason: 'already registered' }]);
}
