import { randomUUID } from 'node:crypto';

import { AccessDenied, assertAllowed, hasAnyRole, inScope, isOperator, isSystemAdmin, seesPersonalData } from '@citygrid/auth';
import { ErrorCode, type EventDefinition, type FieldError, type Page } from '@citygrid/contracts';
import { GRID_STAFF_ROLES, Role, type Caller } from '@citygrid/contracts/identity';
import {
  CaseAction,
  CasePriority,
  CaseSource,
  CaseState,
  DispatchTarget,
  MAX_PHOTO_BYTES,
  SETTLED_CASE_STATES,
  TicketingEvents,
  TimeUnit,
  WorkKind,
  type CaseDispatchRequest,
  type CaseEventV1,
  type CaseExtendRequest,
  type CaseHandleRequest,
  type CaseMergeRequest,
  type CasePushDownRequest,
  type CaseEvaluateRequest,
  type CaseSatisfactionRequest,
  type CaseCommentRequest,
  type CaseCommentView,
  type ReporterContactView,
  type ReporterDto,
  type CaseTimelineEntryView,
  type CaseUpdatesQuery,
  type CaseRequestsQuery,
  type CaseUpdateView,
  type SuggestedDepartmentView,
  type WorkItemView,
  type WorkQueueQuery,
  type WorkQueueView,
  type CaseView,
  type CategoryView,
  type CreateCaseDto,
  type CreatedCaseView,
  type DuplicateView,
  type ListCasesQuery,
  type NearbyCasesQuery,
  type PhotoDto,
} from '@citygrid/contracts/ticketing';
import { FieldCipher, maskEmail, maskNumbersInText, maskPhone } from '@citygrid/pii';
import { AuditEntry, EventRecorder } from '@citygrid/persistence';
import { assertIfMatch, currentContext, ServiceError } from '@citygrid/service-kit';
import { LockMode, QueryOrder, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { CalendarService } from '../calendar/calendar.service';
import { localDate } from '../calendar/working-calendar';
import { CategoriesService } from '../categories/categories.service';
import { TICKETING_ENV, type TicketingEnv } from '../config';
import { Case, type StoredPhoto, type StoredReporter } from './case.entity';
import { Photo } from '../photos/photo.entity';
import { type Category } from '../categories/category.entity';
import { RegistryClient } from '../shared/registry-client';
import { actorRoles, canSee, canSeeAt, visibleFilter } from './case-access';
import { platformOf, WAITING_STATES, workKind } from './work-queue';
import { type NearbyCase, type ReportedRow } from './case.repository';
import { IntakeWriter } from './intake-writer';
import { SupervisionFlag } from '../shared/supervision-flag.entity';
import { TicketingException } from '../shared/ticketing.exception';
import { caseEventData, toCaseView } from './case-view';
import { actorOf, SYSTEM_ACTOR, type EventActor } from '../shared/actor';
import { levelAbove, levelBelow } from './tiers';
import { CLOCKED_STATES, decide, OPEN_STATES, TransitionRefused } from './transitions';

/** What a transition changes besides the state, and what it adds to its event. */
type Apply = (c: Case, tx: EntityManager, next: CaseState) => Promise<Partial<CaseEventV1> | void> | Partial<CaseEventV1> | void;

/** The event of each action (verify picks closed or reworked by its outcome). */
const EVENT_OF: Record<CaseAction, EventDefinition<CaseEventV1>> = {
  [CaseAction.File]: TicketingEvents.caseFiled,
  [CaseAction.Reject]: TicketingEvents.caseRejected,
  [CaseAction.Dispatch]: TicketingEvents.caseDispatched,
  [CaseAction.Accept]: TicketingEvents.caseAccepted,
  [CaseAction.Return]: TicketingEvents.caseReturned,
  [CaseAction.Handle]: TicketingEvents.caseHandled,
  [CaseAction.VerifyPass]: TicketingEvents.caseClosed,
  [CaseAction.VerifyFail]: TicketingEvents.caseReworked,
  [CaseAction.Reopen]: TicketingEvents.caseReopened,
  [CaseAction.Cancel]: TicketingEvents.caseCancelled,
  [CaseAction.RequestExtension]: TicketingEvents.caseExtensionRequested,
  [CaseAction.ApproveExtension]: TicketingEvents.caseExtensionApproved,
  [CaseAction.RequestSuspension]: TicketingEvents.caseSuspensionRequested,
  [CaseAction.ApproveSuspension]: TicketingEvents.caseSuspended,
  [CaseAction.Resume]: TicketingEvents.caseResumed,
  [CaseAction.Escalate]: TicketingEvents.caseEscalated,
  [CaseAction.PushDown]: TicketingEvents.casePushedDown,
  [CaseAction.Merge]: TicketingEvents.caseMerged,
};

const EARTH_RADIUS_M = 6_371_008.8;

/** Sources with a reporter outside the platform, who can be asked how satisfied she is. */
const CITIZEN_SOURCES: ReadonlySet<CaseSource> = new Set([CaseSource.Citizen, CaseSource.Hotline12345, CaseSource.Open311]);

/** Waiting cases a work queue examines at most (soonest deadline first): a queue longer than this is a backlog to clear, not to scroll. */
const WORK_QUEUE_SCAN = 2000;

@Injectable()
export class CasesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly categories: CategoriesService,
    private readonly calendar: CalendarService,
    private readonly registry: RegistryClient,
    private readonly intake: IntakeWriter,
    private readonly cipher: FieldCipher,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {
    this.verifyByHandler = new Set(env.VERIFY_BY_HANDLER_CATEGORIES.split(',').filter(Boolean));
  }

  /** Sub-classes whose handler may verify her own work (`VERIFY_BY_HANDLER_CATEGORIES`). */
  private readonly verifyByHandler: Set<string>;

  /**
   * Intake: check photos and category, resolve the grid through grid-registry as the caller,
   * number the case, record `reported`, and propose open duplicates nearby.
   *
   */
  async create(caller: Caller, dto: CreateCaseDto): Promise<CreatedCaseView> {
    assertAllowed(canReport(caller), 'Your role may not report cases.');
    const photos = await this.checkPhotos(caller, dto.photos ?? [], 'photos', 'report');
    const category = await this.categories.openLeaf(dto.categoryCode);
    const [lng, lat] = [Number(dto.location.coordinates[0]), Number(dto.location.coordinates[1])];
    const grid = await this.registry.resolveGrid(lng, lat);
    // The registry already answered as the caller; this keeps the rule local too.
    assertAllowed(inScope(caller, grid.path), 'That location is outside your area.');
    const now = new Date();
    // a plain row, not an ORM entity: intake writes it with one statement and never flushes it
    const c: Case = {
      id: randomUUID(),
      number: '',
      source: dto.source,
      categoryCode: category.code,
      description: dto.description,
      lng,
      lat,
      address: dto.address,
      priority: dto.priority ?? CasePriority.Normal,
      state: CaseState.Reported,
      gridCode: grid.code,
      gridPath: grid.path,
      level: grid.path.length - 1,
      dispatchTarget: null,
      departmentCode: null,
      deadline: null,
      reporters: dto.reporter ? [this.storeReporter(dto.reporter)] : [],
      photos,
      pendingRequest: null,
      suspendedFrom: null,
      suspendedRemainingMs: null,
      reason: null,
      handlingNotes: null,
      handledBy: null,
      handledAt: null,
      reworkCount: 0,
      escalationCount: 0,
      mergedIntoId: null,
      closedAt: null,
      cityAlertedAt: null,
      dueSoonWarnedFor: null,
      evaluation: null,
      satisfaction: null,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const day = localDate(now, this.env.WORK_TIME_ZONE).replace(/-/g, '');
    const data = caseEventData(c, 'report', null, actorOf(caller), photoIdsOf(photos));
    // the audit row (read within scope) keeps the photos; the event everyone hears does not
    const record = this.events.prepare(TicketingEvents.caseReported, c.id, data, undefined, photos.length ? { ...data, photos } : undefined);
    // Numbered and written with its event and audit row in one statement, shared with concurrent reports.
    const written = await this.intake.write({ c, day, record, deadline: currentContext()?.deadline, near: this.nearBox(c) });
    c.number = written.number;
    return { ...toCaseView(c), possibleDuplicates: this.duplicates(caller, c, written.nearby) };
  }

  /**
   * Photos within the limits: one over 5 MB is a 413 naming its field; an uploaded photo
   * (`photoId`) must be one the caller uploaded (else 422 naming it) and takes the upload's type
   * and size; a reference needs its `url`.
   */
  private async checkPhotos(caller: Caller, photos: PhotoDto[], field: string, stage: StoredPhoto['stage']): Promise<StoredPhoto[]> {
    const tooLarge: FieldError[] = [];
    photos.forEach((p, i) => {
      if (p.size !== undefined && p.size > MAX_PHOTO_BYTES) tooLarge.push({ field: `${field}[${i}].size`, reason: `photo is larger than ${MAX_PHOTO_BYTES} bytes (5 MB)` });
    });
    if (tooLarge.length) throw TicketingException.tooLarge(`A photo is over the 5 MB limit: ${tooLarge.map((e) => e.field).join(', ')}.`, tooLarge);
    const ids = photos.flatMap((p) => (p.photoId ? [p.photoId] : []));
    const uploads = ids.length ? await this.orm.em.fork().find(Photo, { id: { $in: ids }, uploadedBy: caller.id }) : [];
    const errors: FieldError[] = [];
    const out = photos.flatMap((p, i): StoredPhoto[] => {
      if (p.photoId) {
        const up = uploads.find((u) => u.id === p.photoId);
        if (!up) {
          errors.push({ field: `${field}[${i}].photoId`, reason: 'no photo you uploaded has this id' });
          return [];
        }
        return [{ photoId: up.id, url: `photo:${up.id}`, contentType: up.contentType, size: up.size, stage }];
      }
      if (!p.url) {
        errors.push({ field: `${field}[${i}].url`, reason: 'url or photoId is required' });
        return [];
      }
      return [{ url: p.url, ...(p.contentType ? { contentType: p.contentType } : {}), ...(p.size !== undefined ? { size: p.size } : {}), stage }];
    });
    if (errors.length) throw TicketingException.unprocessable(`A photo cannot be used: ${errors.map((e) => e.field).join(', ')}.`, errors);
    return out;
  }

  /** A reporter as kept: her contact encrypted (bound to its field) and masked for views. */
  private storeReporter(r: ReporterDto): StoredReporter {
    const phone = r.phone?.trim();
    const email = r.email?.trim();
    return {
      name: r.name,
      ...(phone ? { phone: maskPhone(phone), phoneCipher: this.cipher.encrypt(phone, REPORTER_PHONE_CONTEXT) } : {}),
      ...(email ? { email: maskEmail(email), emailCipher: this.cipher.encrypt(email, REPORTER_EMAIL_CONTEXT) } : {}),
    };
  }

  /**
   * The reporters of a case with their contacts in full, for staff in scope with a need to know
   * (operators, grid staff, supervisors: the roles that see personal data) who call her back.
   */
  async reporters(caller: Caller, id: string): Promise<ReporterContactView[]> {
    const c = await this.orm.em.fork().findOne(Case, { id });
    if (!c || !canSee(caller, c)) throw TicketingException.notFound('Case', id);
    assertAllowed(caller.kind === 'staff' && seesPersonalData(caller), 'Your role does not see reporters’ contacts.');
    return c.reporters.map((r) => ({
      name: r.name,
      phone: r.phoneCipher ? this.cipher.decrypt(r.phoneCipher, REPORTER_PHONE_CONTEXT) : null,
      email: r.emailCipher ? this.cipher.decrypt(r.emailCipher, REPORTER_EMAIL_CONTEXT) : null,
    }));
  }

  /**
   * A public note on a case in any state: a citizen's comment (her app, through Open311, or the
   * reporting system) or a note by staff who work on it. The words go to the audit trail, where
   * the timeline and the update feed read them (numbers masked there); the event says only that
   * a note came and whether it asks for a reopening.
   */
  async comment(caller: Caller, req: CaseCommentRequest): Promise<CaseCommentView> {
    assertAllowed(caller.kind === 'client' || isOperator(caller) || hasAnyRole(caller, [...GRID_STAFF_ROLES, Role.DepartmentOfficer, Role.Supervisor]), 'Your role may not add notes to cases.');
    const photos = await this.checkPhotos(caller, req.photos ?? [], 'photos', 'comment');
    const entry = await this.orm.em.fork().transactional(async (tx) => {
      const c = await tx.findOne(Case, { id: req.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c || !canSee(caller, c)) throw TicketingException.notFound('Case', req.id);
      // the same note sent again by its system (the case is locked: two resends cannot both pass)
      if (req.externalId) {
        const earlier = await tx.find(AuditEntry, { entityType: 'case', entityId: c.id, action: TicketingEvents.caseCommented.type, actorId: caller.id }, { orderBy: { id: 'asc' } });
        const same = earlier.find((e) => e.after?.['externalId'] === req.externalId);
        if (same) return same;
      }
      c.updatedAt = new Date();
      const notes = req.author ? `${req.author}: ${req.text}` : req.text;
      const data = caseEventData(c, 'comment', c.state, actorOf(caller), { ...(req.reopenRequested ? { reopenRequested: true } : {}), ...photoIdsOf(photos) });
      // the words, the author and the sender's note id stay in the audit trail
      return this.events.record(tx, TicketingEvents.caseCommented, c.id, data, undefined, {
        ...data,
        notes,
        ...(photos.length ? { photos } : {}),
        ...(req.externalId ? { externalId: req.externalId } : {}),
      });
    });
    return { updateId: String(entry.id), caseId: req.id, at: entry.at.toISOString() };
  }

  async get(caller: Caller, id: string): Promise<CaseView> {
    const c = await this.orm.em.fork().findOne(Case, { id });
    if (!c || !canSee(caller, c)) throw TicketingException.notFound('Case', id);
    return toCaseView(c);
  }

  /** Every step of a case the caller may see, oldest first, as its audit trail recorded it. */
  async timeline(caller: Caller, id: string): Promise<CaseTimelineEntryView[]> {
    const em = this.orm.em.fork();
    const c = await em.findOne(Case, { id });
    if (!c || !canSee(caller, c)) throw TicketingException.notFound('Case', id);
    const rows = await em.find(AuditEntry, { entityType: 'case', entityId: id }, { orderBy: { at: 'asc', id: 'asc' } });
    return rows.map(toTimelineEntry);
  }

  /**
   * Cases as Open311 lists them, newest first, filtered and paged in the database. `caller`
   * undefined (a public read): every case, with nothing personal in it (see `publicCaseView`).
   */
  async requests(caller: Caller | undefined, q: CaseRequestsQuery): Promise<CaseView[]> {
    const where: Record<string, unknown> = {};
    if (caller) {
      const visible = visibleFilter(caller);
      if (!visible) return [];
      Object.assign(where, visible as object);
    }
    if (q.from || q.to) where['createdAt'] = { ...(q.from ? { $gte: new Date(q.from) } : {}), ...(q.to ? { $lte: new Date(q.to) } : {}) };
    if (q.settled) where['state'] = q.settled === 'true' ? { $in: [...SETTLED_CASE_STATES] } : { $nin: [...SETTLED_CASE_STATES] };
    if (q.categoryCode) where['categoryCode'] = q.categoryCode;
    if (q.ids) where['id'] = { $in: q.ids };
    const rows = await this.orm.em.fork().find(Case, where as FilterQuery<Case>, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: q.limit ?? 1000 });
    return rows.map((c) => (caller ? toCaseView(c) : publicCaseView(c)));
  }

  /**
   * The steps of the cases the caller sees from `since` on, oldest first (Open311's
   * `servicerequestupdates`): every case event but the report and the deadline warning, read from
   * the audit trail, without actors or handling notes; a reason's personal numbers masked. At most
   * `limit` rows are read; a caller sees those of them that concern her cases.
   */
  async updates(caller: Caller, q: CaseUpdatesQuery): Promise<CaseUpdateView[]> {
    const em = this.orm.em.fork();
    const at = { $gte: new Date(q.since), ...(q.until ? { $lt: new Date(q.until) } : {}) };
    const rows = await em.find(AuditEntry, { entityType: 'case', action: { $in: UPDATE_TYPES }, at }, { orderBy: { at: 'asc', id: 'asc' }, limit: q.limit ?? 1000 });
    const ids = [...new Set(rows.map((r) => r.entityId))];
    const cases = new Map((ids.length ? await em.find(Case, { id: { $in: ids } }) : []).map((c) => [c.id, c]));
    return rows.flatMap((r) => {
      const c = cases.get(r.entityId);
      if (!c || !canSee(caller, c)) return [];
      const e = toTimelineEntry(r);
      return [
        {
          id: String(r.id),
          caseId: c.id,
          number: c.number,
          type: r.action,
          stateAfter: e.stateAfter as CaseState,
          at: e.at,
          // a note is public by nature; every other step shows only its reason (handling notes stay inside)
          reason: publicText(r.action === TicketingEvents.caseCommented.type ? e.notes : e.reason),
          photoUrls: e.photos.flatMap((p) => (p.url ? [p.url] : [])),
        },
      ];
    });
  }

  /**
   * The caller's work queue: every case waiting on her (at most `WORK_QUEUE_SCAN` of the visible
   * waiting cases, soonest deadline first, are examined), counted per kind, the first `limit` listed.
   */
  async work(caller: Caller, q: WorkQueueQuery): Promise<WorkQueueView> {
    const counts = Object.fromEntries(Object.values(WorkKind).map((k) => [k, 0])) as Record<WorkKind, number>;
    const visible = visibleFilter(caller);
    if (!visible) return { counts, total: 0, items: [] };
    const waiting = await this.orm.em
      .fork()
      .find(Case, { $and: [visible, { state: { $in: [...WAITING_STATES] } }] } as FilterQuery<Case>, { orderBy: { deadline: 'asc nulls last', createdAt: 'asc', id: 'asc' }, limit: WORK_QUEUE_SCAN });
    const now = Date.now();
    const items: WorkItemView[] = [];
    for (const c of waiting) {
      const kind = workKind(caller, c, this.verifyByHandler);
      if (!kind || (q.kind && q.kind !== kind)) continue;
      counts[kind]++;
      items.push({ kind, case: toCaseView(c), overdue: c.deadline !== null && c.deadline.getTime() < now });
    }
    return { counts, total: items.length, items: items.slice(0, q.limit ?? 100) };
  }

  /**
   * Where the case could go: the departments serving its grid or a node above it, those of the
   * kind its category names first, then the one serving the node nearest the grid.
   */
  async suggestDepartments(caller: Caller, id: string): Promise<SuggestedDepartmentView[]> {
    const c = await this.orm.em.fork().findOne(Case, { id });
    if (!c || !canSee(caller, c)) throw TicketingException.notFound('Case', id);
    const kind = (await this.categories.leaf(c.categoryCode)).departmentKind;
    const serving = await this.registry.departmentsServing(c.gridPath);
    return serving
      .map(({ department: d, depth }) => ({ view: { code: d.code, name: d.name, kind: d.kind, servesNodeCode: c.gridPath[depth] ?? '', matchesCategory: d.kind === kind }, depth }))
      .sort((a, b) => Number(b.view.matchesCategory) - Number(a.view.matchesCategory) || b.depth - a.depth || a.view.code.localeCompare(b.view.code))
      .map((s) => s.view);
  }

  /** Cases in the caller's subtree (officers: cases dispatched to their department). */
  async list(caller: Caller, q: ListCasesQuery): Promise<Page<CaseView>> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const visible = visibleFilter(caller, q.under);
    if (!visible) return { items: [], total: 0, offset, limit };
    const where: Record<string, unknown> = { ...(visible as object) };
    if (q.state) where['state'] = q.state;
    if (q.categoryCode) where['categoryCode'] = q.categoryCode;
    if (q.overdue === 'true') Object.assign(where, { state: { $in: [...CLOCKED_STATES] }, deadline: { $lt: new Date() } });
    if (q.source) where['source'] = q.source;
    if (q.reportedFrom !== undefined || q.reportedBefore !== undefined) {
      where['createdAt'] = { ...(q.reportedFrom !== undefined ? { $gte: new Date(q.reportedFrom) } : {}), ...(q.reportedBefore !== undefined ? { $lt: new Date(q.reportedBefore) } : {}) };
    }
    const orderBy: QueryOrderMap<Case> =
      q.sort === 'reported_asc' ? { createdAt: 'asc', id: 'asc' } : q.sort === 'deadline_asc' ? { deadline: QueryOrder.ASC_NULLS_LAST, createdAt: 'asc', id: 'asc' } : { createdAt: 'desc', id: 'asc' };
    const [items, total] = await this.orm.em.fork().findAndCount(Case, where as FilterQuery<Case>, { orderBy, offset, limit });
    return { items: items.map(toCaseView), total, offset, limit };
  }

  /** The open cases near a point that the caller may see, as intake would list them as probable duplicates of a case reported there now. */
  async nearby(caller: Caller, q: NearbyCasesQuery): Promise<DuplicateView[]> {
    const probe = Object.assign(new Case(), { id: '', lat: q.lat, lng: q.lng, createdAt: new Date() });
    const box = this.nearBox(probe);
    const rows = await this.orm.em
      .fork()
      .find(
        Case,
        { state: { $in: [...OPEN_STATES] }, createdAt: { $gte: box.since }, lat: { $gte: box.minLat, $lte: box.maxLat }, lng: { $gte: box.minLng, $lte: box.maxLng } },
        { fields: ['id', 'number', 'state', 'lat', 'lng', 'gridPath', 'departmentCode'], limit: 200 },
      );
    return this.duplicates(
      caller,
      probe,
      rows.map((c) => ({ id: c.id, number: c.number, state: c.state, lat: c.lat, lng: c.lng, gridPath: c.gridPath, departmentCode: c.departmentCode })),
    );
  }

  /** File (立案); a sub-class with auto-dispatch then dispatches the case by itself (see {@link autoDispatch}). */
  async file(caller: Caller, id: string, notes?: string): Promise<CaseView> {
    const filed = await this.transition(caller, id, CaseAction.File, (c) => void (c.reason = null), notes);
    const category = await this.categories.leaf(filed.categoryCode);
    if (!category.autoDispatch) return filed;
    return (await this.autoDispatch(id, category)) ?? filed;
  }

  /**
   * The auto-dispatch rule of a sub-class: a case just filed under it goes to the department its
   * kind names that serves the grid most closely (the first of the suggested departments of that
   * kind), recorded as a dispatch by the system. A case someone acted on meanwhile, or one no
   * department of that kind serves, is left filed for the operator to dispatch.
   */
  private async autoDispatch(id: string, category: CategoryView): Promise<CaseView | null> {
    const found = await this.orm.em.fork().findOne(Case, { id });
    if (!found) return null;
    const [pick] = (await this.registry.departmentsServing(found.gridPath))
      .filter((s) => s.department.kind === category.departmentKind)
      .sort((a, b) => b.depth - a.depth || a.department.code.localeCompare(b.department.code));
    if (!pick) return null;
    return this.orm.em.fork().transactional(async (tx) => {
      const c = await tx.findOne(Case, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c || c.state !== CaseState.Filed) return null;
      Object.assign(c, { dispatchTarget: DispatchTarget.Department, departmentCode: pick.department.code, reason: null, state: CaseState.Dispatched, updatedAt: new Date() });
      c.deadline = await this.clockDeadline(tx, c);
      this.recordEvent(tx, TicketingEvents.caseDispatched, c, CaseAction.Dispatch, CaseState.Filed, SYSTEM_ACTOR, {}, `auto-dispatch of ${category.code}`);
      return toCaseView(c);
    });
  }

  reject(caller: Caller, id: string, reason: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.Reject, (c) => {
      c.reason = reason;
      return { reason };
    });
  }

  /**
   * Dispatch to grid staff or to a linked department; a department must exist and serve the
   * case's grid (or a node above it), or the officers it reaches would get a case outside theirs.
   *
   */
  async dispatch(caller: Caller, req: CaseDispatchRequest): Promise<CaseView> {
    if (req.target === DispatchTarget.Department) {
      if (!req.departmentCode) throw ServiceError.validation([{ field: 'departmentCode', reason: 'is required when target is department' }]);
      const c = await this.orm.em.fork().findOne(Case, { id: req.id });
      if (!c || !canSee(caller, c)) throw TicketingException.notFound('Case', req.id);
      await this.registry.dispatchableDepartment(req.departmentCode, c.gridPath);
    }
    return this.transition(caller, req.id, CaseAction.Dispatch, async (c, tx) => {
      c.dispatchTarget = req.target;
      c.departmentCode = req.target === DispatchTarget.Department ? (req.departmentCode ?? null) : null;
      c.deadline = await this.clockDeadline(tx, c);
      c.reason = null;
    });
  }

  accept(caller: Caller, id: string, notes?: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.Accept, () => undefined, notes);
  }

  returnCase(caller: Caller, id: string, reason: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.Return, (c) => {
      c.reason = reason;
      return { reason };
    });
  }

  async handle(caller: Caller, req: CaseHandleRequest): Promise<CaseView> {
    const photos = await this.checkPhotos(caller, req.photos ?? [], 'photos', 'handling');
    return this.transition(
      caller,
      req.id,
      CaseAction.Handle,
      (c) => {
        c.handlingNotes = req.notes;
        c.handledBy = caller.id;
        c.handledAt = new Date();
        c.photos = [...c.photos, ...photos];
      },
      req.notes,
      photos,
    );
  }

  /**
   * The evaluation 综合评价 of a closed case: by an operator of its platform (`platformOf`) or a
   * supervisor in scope, once. The remarks stay in the view and the audit trail, not the event.
   */
  async evaluate(caller: Caller, req: CaseEvaluateRequest): Promise<CaseView> {
    return this.afterClosing(caller, req.id, TicketingEvents.caseEvaluated, 'evaluate', (c) => {
      const platform = isOperator(caller) && platformOf(c) === caller.nodeScope;
      if (!platform && !hasAnyRole(caller, [Role.Supervisor])) throw new AccessDenied(ErrorCode.Forbidden, "Only an operator of the case's platform or a supervisor evaluates it.");
      if (c.evaluation) throw TicketingException.conflict(`case ${c.number} was evaluated already (${c.evaluation.outcome}).`);
      c.evaluation = { outcome: req.outcome, notes: req.notes ?? null, by: caller.id, at: new Date().toISOString() };
      return { extra: { outcome: req.outcome }, notes: req.notes };
    });
  }

  /**
   * The reporter's satisfaction with a closed case she reported (a citizen, the 12345 hotline, an
   * Open311 client): recorded once, by an API client or an operator in scope. Her words stay in
   * the view and the audit trail, not the event.
   */
  async recordSatisfaction(caller: Caller, req: CaseSatisfactionRequest): Promise<CaseView> {
    return this.afterClosing(caller, req.id, TicketingEvents.caseSatisfactionRecorded, 'satisfaction', (c) => {
      if (caller.kind !== 'client' && !isOperator(caller)) throw new AccessDenied(ErrorCode.Forbidden, 'The reporting system or an operator records the reporter’s satisfaction.');
      if (!CITIZEN_SOURCES.has(c.source)) throw TicketingException.conflict(`case ${c.number} was not reported by a citizen (source ${c.source}); there is no reporter to ask.`);
      if (c.satisfaction) throw TicketingException.conflict(`the reporter's satisfaction with case ${c.number} was recorded already (${c.satisfaction.level}).`);
      c.satisfaction = { level: req.level, channel: req.channel, comment: req.comment ?? null, by: caller.id, at: new Date().toISOString() };
      return { extra: { satisfaction: req.level }, notes: req.comment };
    });
  }

  /** A step on a closed case that leaves its state: `apply` checks and changes it; one event. */
  private async afterClosing(
    caller: Caller,
    id: string,
    def: EventDefinition<CaseEventV1>,
    action: 'evaluate' | 'satisfaction',
    apply: (c: Case) => { extra: Partial<CaseEventV1>; notes?: string },
  ): Promise<CaseView> {
    const c = await this.orm.em.fork().transactional(async (tx) => {
      const found = await tx.findOne(Case, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found || !canSee(caller, found)) throw TicketingException.notFound('Case', id);
      if (found.state !== CaseState.Closed) throw TicketingException.conflict(`case is in state ${found.state}; only a closed case is evaluated.`);
      const { extra, notes } = apply(found);
      found.updatedAt = new Date();
      this.recordEvent(tx, def, found, action, CaseState.Closed, actorOf(caller), extra, notes);
      return found;
    });
    return toCaseView(c);
  }

  /** Verification: pass closes the case, fail sends it back to the handler (rework). */
  verify(caller: Caller, id: string, passed: boolean, notes?: string): Promise<CaseView> {
    return this.transition(caller, id, passed ? CaseAction.VerifyPass : CaseAction.VerifyFail, async (c, tx) => {
      // Separation of duties: whoever handled the case does not judge her own work.
      if (c.handledBy === caller.id && !this.verifyByHandler.has(c.categoryCode)) {
        throw new AccessDenied(ErrorCode.Forbidden, 'You handled this case: someone else must verify it.');
      }
      if (passed) {
        const dueAt = c.deadline;
        c.closedAt = new Date();
        c.deadline = null;
        c.reason = null;
        // 按期结案: judged against the deadline in force at closing, which the event keeps
        const facts = {
          dueAt: dueAt ? dueAt.toISOString() : null,
          onTime: dueAt ? c.closedAt.getTime() <= dueAt.getTime() : null,
          // hours to close in working time, on the calendar only ticketing holds
          workingMsToClose: await this.calendar.workingMsBetween(tx, c.createdAt, c.closedAt),
        };
        return notes ? { reason: notes, ...facts } : facts;
      }
      c.reworkCount += 1;
      c.reason = notes ?? 'verification failed';
      return { reason: c.reason };
    });
  }

  /** Reopen a closed case within `REOPEN_WINDOW_DAYS`; it goes back to filed, to be dispatched again. */
  reopen(caller: Caller, id: string, reason: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.Reopen, (c) => {
      const closedAt = c.closedAt?.getTime() ?? 0;
      if (Date.now() - closedAt > this.env.REOPEN_WINDOW_DAYS * 86_400_000) {
        throw TicketingException.conflict(`case is in state closed since ${c.closedAt?.toISOString()}; the ${this.env.REOPEN_WINDOW_DAYS}-day reopen window has passed.`);
      }
      Object.assign(c, { closedAt: null, reason, dispatchTarget: null, departmentCode: null, deadline: null, level: c.gridPath.length - 1 });
      return { reason };
    });
  }

  cancel(caller: Caller, id: string, reason: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.Cancel, (c) => {
      Object.assign(c, { reason, deadline: null, pendingRequest: null, suspendedFrom: null, suspendedRemainingMs: null });
      return { reason };
    });
  }

  requestExtension(caller: Caller, req: CaseExtendRequest): Promise<CaseView> {
    return this.transition(caller, req.id, CaseAction.RequestExtension, (c) => {
      noPending(c);
      c.pendingRequest = { kind: 'extension', reason: req.reason, amount: req.amount, unit: req.unit, requestedBy: caller.id, requestedAt: new Date().toISOString() };
      return { reason: req.reason };
    });
  }

  approveExtension(caller: Caller, id: string, notes?: string): Promise<CaseView> {
    return this.transition(
      caller,
      id,
      CaseAction.ApproveExtension,
      async (c, tx) => {
        const p = pending(c, 'extension');
        const from = c.deadline ?? new Date();
        c.deadline = await this.calendar.deadlineAfter(tx, from, p.amount ?? 1, p.unit ?? never());
        c.pendingRequest = null;
        return { reason: p.reason };
      },
      notes,
    );
  }

  requestSuspension(caller: Caller, id: string, reason: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.RequestSuspension, (c) => {
      noPending(c);
      c.pendingRequest = { kind: 'suspension', reason, requestedBy: caller.id, requestedAt: new Date().toISOString() };
      return { reason };
    });
  }

  /** Suspend: the clock stops, keeping the time that was left. */
  approveSuspension(caller: Caller, id: string, notes?: string): Promise<CaseView> {
    return this.transition(
      caller,
      id,
      CaseAction.ApproveSuspension,
      (c) => {
        const p = pending(c, 'suspension');
        c.suspendedFrom = c.state;
        c.suspendedRemainingMs = c.deadline ? String(Math.max(0, c.deadline.getTime() - Date.now())) : null;
        c.deadline = null;
        c.pendingRequest = null;
        return { reason: p.reason };
      },
      notes,
    );
  }

  /**
   * Resume: the deadline is now plus the time that was left when it was suspended, or a pending
   * supervised deadline 督办 when that is earlier.
   */
  resume(caller: Caller, id: string, notes?: string): Promise<CaseView> {
    return this.transition(
      caller,
      id,
      CaseAction.Resume,
      async (c, tx) => {
        c.deadline = c.suspendedRemainingMs === null ? null : earliest(new Date(Date.now() + Number(c.suspendedRemainingMs)), await this.supervisedDeadline(tx, c));
        c.suspendedFrom = null;
        c.suspendedRemainingMs = null;
      },
      notes,
    );
  }

  /** Manual escalation: the handler (or an operator) declares the matter beyond this level. */
  escalate(caller: Caller, id: string, reason: string): Promise<CaseView> {
    return this.transition(caller, id, CaseAction.Escalate, async (c, tx) => this.moveUp(tx, c, reason));
  }

  /** Push-down 交办: an operator at or above the case's level hands it to a lower level. */
  pushDown(caller: Caller, req: CasePushDownRequest): Promise<CaseView> {
    return this.transition(caller, req.id, CaseAction.PushDown, (c) => {
      const mine = caller.nodeScope === null ? 0 : c.gridPath.indexOf(caller.nodeScope);
      assertAllowed(isSystemAdmin(caller) || (mine >= 0 && mine <= c.level), 'Only an operator at or above the level now responsible hands a case down.');
      const target = req.toCode ? c.gridPath.indexOf(req.toCode) : levelBelow(c.gridPath, c.level);
      if (target === null || target <= c.level) {
        throw TicketingException.unprocessable(`The case is at ${c.gridPath[c.level]}; push-down needs a node below it on the case's path.`, [
          { field: 'toCode', reason: 'must be a node below the current level on the case path' },
        ]);
      }
      const levelBefore = c.level;
      c.level = target;
      return { reason: req.reason, levelBefore };
    });
  }

  /** Merge this case (a duplicate) into `intoId`: this one ends as merged, the other keeps both reporters. */
  merge(caller: Caller, req: CaseMergeRequest): Promise<CaseView> {
    if (req.intoId === req.id) throw TicketingException.unprocessable('A case cannot be merged into itself.', [{ field: 'intoId', reason: 'is the same case' }]);
    return this.transition(caller, req.id, CaseAction.Merge, async (c, tx) => {
      const into = await tx.findOne(Case, { id: req.intoId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!into || !canSee(caller, into)) throw TicketingException.notFound('Case', req.intoId);
      if (!OPEN_STATES.includes(into.state)) throw TicketingException.conflict(`case ${into.number} is in state ${into.state}; merge needs an open target.`);
      into.reporters = [...into.reporters, ...c.reporters];
      into.updatedAt = new Date();
      c.mergedIntoId = into.id;
      c.deadline = null;
      c.closedAt = new Date();
      return { mergedIntoId: into.id, mergedIntoNumber: into.number };
    });
  }

  /**
   * Move a case one tier up and restart its clock there (manual and timer escalation). 409 at
   * the city, the top.
   */
  async moveUp(tx: EntityManager, c: Case, reason: string): Promise<Partial<CaseEventV1>> {
    const target = levelAbove(c.gridPath, c.level);
    if (target === null) throw TicketingException.conflict(`case is in state ${c.state} at the city level already; it cannot go higher.`);
    const levelBefore = c.level;
    c.level = target;
    c.escalationCount += 1;
    if (CLOCKED_STATES.includes(c.state)) c.deadline = await this.clockDeadline(tx, c);
    return { reason, levelBefore };
  }

  /**
   * A case out of time at the city level: flag it for supervision 督办 (by the system) with a new
   * clock, which becomes its deadline, and mark the alert raised so it is raised once.
   */
  async cityAlert(tx: EntityManager, c: Case): Promise<Partial<CaseEventV1>> {
    const deadline = await this.deadlineFrom(tx, new Date(), await this.categories.mustFindLeaf(tx, c.categoryCode));
    const flag = Object.assign(new SupervisionFlag(), {
      id: randomUUID(),
      caseId: c.id,
      gridCode: c.gridCode,
      gridPath: c.gridPath,
      deadline,
      caseDeadline: c.deadline,
      note: '市级超期, 自动督办 (overdue at the city level)',
      flaggedBy: 'system',
      flaggedById: 'system',
      createdAt: new Date(),
    });
    tx.persist(flag);
    c.cityAlertedAt = new Date();
    c.deadline = deadline;
    return { reason: 'overdue at the city level' };
  }

  /**
   * The deadline of a clock starting now (dispatch, escalation): the sub-class limit on the
   * working calendar, or a pending supervised deadline 督办 of the case when that is earlier.
   */
  private async clockDeadline(tx: EntityManager, c: Case): Promise<Date> {
    const byLimit = await this.deadlineFrom(tx, new Date(), await this.categories.mustFindLeaf(tx, c.categoryCode));
    return earliest(byLimit, await this.supervisedDeadline(tx, c));
  }

  /** The earliest supervised deadline of the case that has not passed yet, or null. */
  private async supervisedDeadline(tx: EntityManager, c: Case): Promise<Date | null> {
    const flag = await tx.findOne(SupervisionFlag, { caseId: c.id, deadline: { $gt: new Date() } }, { orderBy: { deadline: 'asc' } });
    return flag?.deadline ?? null;
  }

  /**
   * Cases on the clock whose deadline falls at or before this moment are due soon
   * (`DUE_SOON_WORKING_HOURS` working hours from now); null when the warning is off.
   */
  async dueSoonHorizon(tx: EntityManager, now: Date): Promise<Date | null> {
    if (this.env.TEST_DEADLINE_SECONDS > 0) return new Date(now.getTime() + (this.env.TEST_DEADLINE_SECONDS * 1000) / 2);
    if (this.env.DUE_SOON_WORKING_HOURS === 0) return null;
    return this.calendar.deadlineAfter(tx, now, this.env.DUE_SOON_WORKING_HOURS, TimeUnit.WorkingHours);
  }

  /** The deadline of work starting at `start` on `category`. */
  deadlineFrom(tx: EntityManager, start: Date, category: Category): Promise<Date> {
    return this.calendar.deadlineAfter(tx, start, category.limitAmount ?? 1, category.limitUnit ?? never());
  }

  /** Record an event for `c` on `tx` (used by the escalation timer too). */
  /**
   * Record a case event. `notes` (free text the actor gave) go to the audit trail only, which is
   * read within scope; events travel to every consumer, so they carry no free text.
   */
  recordEvent(
    tx: EntityManager,
    def: EventDefinition<CaseEventV1>,
    c: Case,
    action: CaseEventV1['action'],
    before: CaseState | null,
    actor: EventActor,
    extra: Partial<CaseEventV1>,
    notes?: string,
    photos?: StoredPhoto[],
  ): AuditEntry {
    const data = caseEventData(c, action, before, actor, { ...extra, ...photoIdsOf(photos ?? []) });
    const audited = notes || photos?.length ? { ...data, ...(notes ? { notes } : {}), ...(photos?.length ? { photos } : {}) } : undefined;
    return this.events.record(tx, def, c.id, data, undefined, audited);
  }

  /**
   * The one way a case changes: lock it, check scope (404), state (409) and role (403) against
   * the transition table, apply, and record the action's event in the same transaction.
   */
  private async transition(caller: Caller, id: string, action: CaseAction, apply: Apply, notes?: string, photos?: StoredPhoto[]): Promise<CaseView> {
    const em = this.orm.em.fork();
    const c = await em.transactional(async (tx) => {
      const found = await tx.findOne(Case, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found || !canSee(caller, found)) throw TicketingException.notFound('Case', id);
      // If-Match: the case must still be at the version the client read (it is locked from here on)
      assertIfMatch(found.version);
      let next: CaseState;
      try {
        next = decide(found.state, action, actorRoles(caller, found), found.suspendedFrom);
      } catch (err) {
        if (err instanceof TransitionRefused) {
          throw err.kind === 'state' ? TicketingException.conflict(err.message) : new AccessDenied(ErrorCode.Forbidden, err.message);
        }
        throw err;
      }
      const before = found.state;
      const extra = (await apply(found, tx, next)) ?? {};
      found.state = next;
      found.updatedAt = new Date();
      this.recordEvent(tx, EVENT_OF[action], found, action, before, actorOf(caller), extra, notes, photos);
      return found;
    });
    return toCaseView(c);
  }

  /** Where the duplicate search looks: a bounding box (index-friendly ranges) and the window. */
  private nearBox(c: Case): ReportedRow['near'] {
    const r = this.env.DUPLICATE_RADIUS_M;
    const dLat = r / 111_320;
    const dLng = r / (111_320 * Math.max(Math.cos((c.lat * Math.PI) / 180), 0.01));
    const since = new Date(c.createdAt.getTime() - this.env.DUPLICATE_WINDOW_H * 3_600_000);
    return { since, minLat: c.lat - dLat, maxLat: c.lat + dLat, minLng: c.lng - dLng, maxLng: c.lng + dLng };
  }

  /** The open cases in the box that the caller may see, within the exact radius, nearest first. */
  private duplicates(caller: Caller, c: Case, near: readonly NearbyCase[]): DuplicateView[] {
    const r = this.env.DUPLICATE_RADIUS_M;
    return near
      .filter((o) => o.id !== c.id && canSeeAt(caller, o.gridPath, o.departmentCode))
      .map((o) => ({ id: o.id, number: o.number, state: o.state, distanceM: Math.round(haversine(c.lat, c.lng, o.lat, o.lng)) }))
      .filter((d) => d.distanceM <= r)
      .sort((a, b) => a.distanceM - b.distanceM);
  }
}

/** Who reports: operators and grid staff (in scope, checked on the grid), the admin, and API clients. */
/** What a reporter's contact is encrypted for: a ciphertext moved to another field does not open. */
const REPORTER_PHONE_CONTEXT = 'case.reporter.phone';
const REPORTER_EMAIL_CONTEXT = 'case.reporter.email';

function canReport(caller: Caller): boolean {
  return caller.kind === 'client' || isOperator(caller) || hasAnyRole(caller, GRID_STAFF_ROLES);
}

/** The `photoIds` of a case event: the uploaded photos among `photos` (absent when none). */
function photoIdsOf(photos: StoredPhoto[]): { photoIds?: string[] } {
  const ids = photos.flatMap((p) => (p.photoId ? [p.photoId] : []));
  return ids.length ? { photoIds: ids } : {};
}

function noPending(c: Case): void {
  if (c.pendingRequest) throw TicketingException.conflict(`case is in state ${c.state} with a ${c.pendingRequest.kind} request pending; it must be decided first.`);
}

function pending(c: Case, kind: 'extension' | 'suspension'): NonNullable<Case['pendingRequest']> {
  if (c.pendingRequest?.kind !== kind) throw TicketingException.conflict(`case is in state ${c.state} with no ${kind} request pending.`);
  return c.pendingRequest;
}

function earliest(a: Date, b: Date | null): Date {
  return b !== null && b < a ? b : a;
}

function never(): never {
  throw new ServiceError(ErrorCode.Internal, 'a sub-class has no time limit');
}

function haversine(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}

/** One audit row of a case as a step of its timeline; the row's `after` is the event's data. */
/** A case as anyone may see it: what is wrong and where, its state and dates; nothing about people. */
function publicCaseView(c: Case): CaseView {
  const v = toCaseView(c);
  return {
    ...v,
    description: maskNumbersInText(v.description),
    reason: v.reason && maskNumbersInText(v.reason),
    address: '',
    reporters: [],
    photos: [],
    handlingNotes: null,
    pendingRequest: null,
    evaluation: null,
    satisfaction: null,
  };
}

/** The case events an update feed shows: all but the report (the request itself) and the internal deadline warning. */
const UPDATE_TYPES: readonly string[] = Object.values(TicketingEvents)
  .map((d) => d.type)
  .filter((t) => t !== TicketingEvents.caseReported.type && t !== TicketingEvents.caseDueSoon.type);

function publicText(text: string | null): string | null {
  return text && maskNumbersInText(text);
}

function toTimelineEntry(e: AuditEntry): CaseTimelineEntryView {
  const d = e.after ?? {};
  const text = (k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const photos = Array.isArray(d['photos']) ? (d['photos'] as PhotoDto[]) : [];
  return {
    at: e.at.toISOString(),
    type: e.action,
    action: text('action') ?? e.action,
    stateBefore: text('stateBefore'),
    stateAfter: text('stateAfter') ?? '',
    actor: { id: e.actorId, name: e.actorName, roles: e.actorRoles },
    level: typeof d['level'] === 'number' ? d['level'] : null,
    deadline: text('deadline'),
    departmentCode: text('departmentCode'),
    notes: text('notes'),
    reason: text('reason'),
    photos: photos.map((p) => ({
      ...(p.photoId ? { photoId: p.photoId } : {}),
      url: p.url ?? '',
      ...(p.contentType ? { contentType: p.contentType } : {}),
      ...(p.size !== undefined ? { size: p.size } : {}),
    })),
    correlationId: e.correlationId,
  };
}
