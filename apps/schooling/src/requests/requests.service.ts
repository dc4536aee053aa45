import { randomUUID } from 'node:crypto';

import { assertAllowed, pathFilter } from '@citygrid/auth';
import { ErrorCode, type FieldError, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  EnrolmentAction,
  SCHOOL_GRADES,
  SchoolingEvents,
  SchoolKind,
  type AdvanceEnrolmentRequest,
  type CreateEnrolmentRequestDto,
  type EnrolmentRequestView,
  type EnrolmentState,
  type HouseholdRequestsRequest,
  type ListEnrolmentRequestsQuery,
} from '@citygrid/contracts/schooling';
import type { LngLat } from '@citygrid/geo';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { SCHOOLING_ENV, type SchoolingEnv } from '../config';
import { SchoolsService } from '../schools/schools.service';
import { RegistryClient } from '../shared/registry-client';
import { deadlineFor } from './deadlines';
import { CHILD_ID_CONTEXT, EnrolmentRequest, EnrolmentStep, GUARDIAN_PHONE_CONTEXT } from './enrolment-request.entity';
import { actorRoles, canSeeRequest, raisesRequests } from './request-access';
import { toEventData, toRequestView } from './request-view';
import { decide, refusalError, TransitionRefused } from './transitions';

const RAISERS_ONLY = 'Only operators and grid staff of the household’s area raise enrolment help requests.';

const STEP_EVENTS = {
  received: SchoolingEvents.requestReceived,
  checked: SchoolingEvents.requestChecked,
  referred: SchoolingEvents.requestReferred,
  placed: SchoolingEvents.requestPlaced,
  refused: SchoolingEvents.requestRefused,
} as const satisfies Record<EnrolmentState, unknown>;

/** The kind of school that teaches `grade`. */
export function kindOfGrade(grade: number): SchoolKind {
  const [, lastPrimary] = SCHOOL_GRADES[SchoolKind.Primary];
  return grade <= lastPrimary ? SchoolKind.Primary : SchoolKind.Middle;
}

/**
 * Enrolment help requests (入学协助申请): raised for a child of a grid-registry household by the
 * operators and grid staff of its area, taken through received → checked → referred → placed or
 * refused by the transition table, each step with its deadline. Every step records its
 * `citygrid.enrolment-request.<step>.v1` in the same transaction.
 */
@Injectable()
export class RequestsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly cipher: FieldCipher,
    private readonly registry: RegistryClient,
    private readonly schools: SchoolsService,
    @Inject(SCHOOLING_ENV) private readonly env: SchoolingEnv,
  ) {}

  async create(caller: Caller, dto: CreateEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    assertAllowed(raisesRequests(caller), RAISERS_ONLY);
    if (dto.childBirthDate > new Date().toISOString().slice(0, 10)) throw ServiceError.validation([{ field: 'childBirthDate', reason: 'is in the future' }]);
    const { place, grid } = await this.registry.household(dto.householdId, 'householdId');
    assertAllowed(actorRoles(caller, grid.path).size > 0, RAISERS_ONLY);
    const em = this.orm.em.fork();
    const kind = kindOfGrade(dto.grade);
    if (dto.schoolId !== undefined) await this.schoolFor(em, caller, dto.schoolId, kind, 'schoolId');
    const suggested = await this.schools.containing(em, caller, place.location.coordinates as LngLat, kind);
    if (dto.id !== undefined) {
      const again = await this.repeated(em, caller, dto);
      if (again) return again;
    }
    const now = new Date();
    const r = Object.assign(new EnrolmentRequest(), {
      id: dto.id ?? randomUUID(),
      householdId: place.id,
      nodeCode: grid.code,
      path: grid.path,
      childName: dto.childName,
      childBirthDate: dto.childBirthDate,
      childGender: dto.childGender,
      childIdNumber: dto.childIdNumber === undefined ? null : this.cipher.encrypt(dto.childIdNumber.toUpperCase(), CHILD_ID_CONTEXT),
      guardianName: dto.guardianName,
      guardianPhone: this.cipher.encrypt(dto.guardianPhone, GUARDIAN_PHONE_CONTEXT),
      grade: dto.grade,
      schoolId: dto.schoolId ?? null,
      suggestedSchoolId: suggested[0]?.id ?? null,
      reason: dto.reason,
      relocationProjectId: dto.relocationProjectId ?? null,
      state: 'received' as const,
      receivedAt: now,
      deadline: deadlineFor('received', now, this.env),
      settledAt: null,
      placedSchoolId: null,
      refusalReason: null,
      note: dto.note ?? null,
      createdBy: caller.id,
      updatedAt: now,
    });
    const step = newStep(r, null, caller, dto.note ?? null, now);
    try {
      await em.transactional(async (tx) => {
        // the step references the request: the request's row goes first
        await tx.persist(r).flush();
        tx.persist(step);
        this.events.record(tx, SchoolingEvents.requestReceived, r.id, toEventData(r, null, caller.id));
      });
    } catch (err) {
      // a retry that raced the first call with the same id: give back what the first one made
      if (err instanceof UniqueConstraintViolationException && dto.id !== undefined) {
        const again = await this.repeated(this.orm.em.fork(), caller, dto);
        if (again) return again;
      }
      throw err;
    }
    return toRequestView(r, [step], caller, this.cipher, now);
  }

  /** The request an earlier create with `dto.id` made, or null when there is none; 409 when the id is another household's. */
  private async repeated(em: EntityManager, caller: Caller, dto: CreateEnrolmentRequestDto): Promise<EnrolmentRequestView | null> {
    const earlier = await em.findOne(EnrolmentRequest, { id: dto.id });
    if (!earlier) return null;
    if (earlier.householdId !== dto.householdId || earlier.relocationProjectId !== (dto.relocationProjectId ?? null)) {
      throw new ServiceError(ErrorCode.Conflict, `Request ${dto.id} was made for another household.`, [{ field: 'id', reason: 'already names another request' }]);
    }
    return this.view(em, caller, [earlier]).then((v) => v[0] as EnrolmentRequestView);
  }

  async get(caller: Caller, id: string): Promise<EnrolmentRequestView> {
    const em = this.orm.em.fork();
    const r = await this.visible(em, caller, id);
    return this.view(em, caller, [r]).then((v) => v[0] as EnrolmentRequestView);
  }

  async list(caller: Caller, q: ListEnrolmentRequestsQuery): Promise<Page<EnrolmentRequestView>> {
    const where: FilterQuery<EnrolmentRequest>[] = [];
    if (q.state) where.push({ state: q.state });
    if (q.reason) where.push({ reason: q.reason });
    if (q.relocationProjectId) where.push({ relocationProjectId: q.relocationProjectId });
    if (q.overdue === true) where.push({ deadline: { $lt: new Date() } });
    if (q.overdue === false) where.push({ $or: [{ deadline: null }, { deadline: { $gte: new Date() } }] });
    return this.page(caller, where, q, q.under);
  }

  /** Every request of one household the caller sees, newest first; a household the caller's registry does not show is 404. */
  async household(caller: Caller, q: HouseholdRequestsRequest): Promise<Page<EnrolmentRequestView>> {
    await this.registry.household(q.householdId, 'householdId', ErrorCode.NotFound);
    return this.page(caller, [{ householdId: q.householdId }, ...(q.relocationProjectId ? [{ relocationProjectId: q.relocationProjectId }] : [])], q);
  }

  /** One step of the workflow, by the transition table; `place` names the school, `refuse` the reason. */
  async advance(caller: Caller, req: AdvanceEnrolmentRequest): Promise<EnrolmentRequestView> {
    const em = this.orm.em.fork();
    const now = new Date();
    const { r, steps } = await em.transactional(async (tx) => {
      const r = await this.visible(tx, caller, req.id, true);
      // what the step takes is checked once the caller is known to see the request: others learn nothing
      fieldsOfStep(req);
      const before = r.state;
      let after: EnrolmentState;
      try {
        after = decide(before, req.action, actorRoles(caller, r.path));
      } catch (err) {
        if (err instanceof TransitionRefused) throw refusalError(err);
        throw err;
      }
      if (req.action === EnrolmentAction.Place) {
        const school = await this.schoolFor(tx, caller, req.schoolId as string, kindOfGrade(r.grade), 'schoolId');
        r.placedSchoolId = school.id;
      }
      if (req.action === EnrolmentAction.Refuse) r.refusalReason = req.refusalReason as string;
      r.state = after;
      r.deadline = deadlineFor(after, now, this.env);
      if (after === 'placed' || after === 'refused') r.settledAt = now;
      r.updatedAt = now;
      tx.persist(newStep(r, req.action, caller, req.note ?? null, now));
      this.events.record(tx, STEP_EVENTS[after], r.id, toEventData(r, before, caller.id));
      await tx.flush();
      return { r, steps: await tx.find(EnrolmentStep, { requestId: r.id }, { orderBy: { at: 'asc', id: 'asc' } }) };
    });
    return toRequestView(r, steps, caller, this.cipher, now);
  }

  /** A request the caller sees, or 404. */
  private async visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<EnrolmentRequest> {
    const r = await em.findOne(EnrolmentRequest, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!r || !canSeeRequest(caller, r.path)) throw new ServiceError(ErrorCode.NotFound, `Enrolment request ${id} does not exist.`);
    return r;
  }

  /** A school the caller sees that teaches the grade's kind; 422 naming `field` otherwise. */
  private async schoolFor(em: EntityManager, caller: Caller, id: string, kind: SchoolKind, field: string): Promise<{ id: string }> {
    const school = await this.schools.visible(em, caller, id).catch((err: unknown) => {
      if (err instanceof ServiceError && err.code === ErrorCode.NotFound) throw new ServiceError(ErrorCode.Unprocessable, `School ${id} does not exist.`, [{ field, reason: 'unknown school' }]);
      throw err;
    });
    if (school.kind !== kind)
      throw new ServiceError(ErrorCode.Unprocessable, `School ${id} is a ${school.kind} school; the grade wanted needs a ${kind} school.`, [
        { field, reason: `is a ${school.kind} school, the grade needs a ${kind} school` },
      ]);
    return school;
  }

  private async page(caller: Caller, where: FilterQuery<EnrolmentRequest>[], q: { offset?: number; limit?: number }, under?: string): Promise<Page<EnrolmentRequestView>> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = caller.kind === 'staff' ? (pathFilter(caller, 'path', under) as FilterQuery<EnrolmentRequest> | null) : null;
    if (!scope) return { items: [], total: 0, offset, limit };
    const em = this.orm.em.fork();
    const [rows, total] = await em.findAndCount(EnrolmentRequest, { $and: [scope, ...where] }, { orderBy: { receivedAt: 'desc', id: 'asc' }, offset, limit });
    return { items: await this.view(em, caller, rows), total, offset, limit };
  }

  private async view(em: EntityManager, caller: Caller, rows: EnrolmentRequest[]): Promise<EnrolmentRequestView[]> {
    const steps = rows.length ? await em.find(EnrolmentStep, { requestId: { $in: rows.map((r) => r.id) } }, { orderBy: { at: 'asc', id: 'asc' } }) : [];
    const now = new Date();
    return rows.map((r) =>
      toRequestView(
        r,
        steps.filter((s) => s.requestId === r.id),
        caller,
        this.cipher,
        now,
      ),
    );
  }
}

/** 400 naming the field a step needs or does not take: `place` needs `schoolId`, `refuse` needs `refusalReason`. */
export function fieldsOfStep(req: Pick<AdvanceEnrolmentRequest, 'action' | 'schoolId' | 'refusalReason'>): void {
  const errors: FieldError[] = [];
  if (req.action === EnrolmentAction.Place && req.schoolId === undefined) errors.push({ field: 'schoolId', reason: 'is required to place a child: the school' });
  if (req.action !== EnrolmentAction.Place && req.schoolId !== undefined) errors.push({ field: 'schoolId', reason: `is taken by place only, not by ${req.action}` });
  if (req.action === EnrolmentAction.Refuse && req.refusalReason === undefined) errors.push({ field: 'refusalReason', reason: 'is required to refuse: the reason' });
  if (req.action !== EnrolmentAction.Refuse && req.refusalReason !== undefined) errors.push({ field: 'refusalReason', reason: `is taken by refuse only, not by ${req.action}` });
  if (errors.length) throw ServiceError.validation(errors);
}

function newStep(r: EnrolmentRequest, action: EnrolmentAction | null, caller: Caller, note: string | null, at: Date): EnrolmentStep {
  return Object.assign(new EnrolmentStep(), { id: randomUUID(), requestId: r.id, action, state: r.state, at, by: caller.id, note });
}
