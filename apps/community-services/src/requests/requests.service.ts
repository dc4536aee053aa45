import { randomUUID } from 'node:crypto';

import { assertAllowed, inScope, pathFilter, seesPersonalData, visibleSubtree } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import {
  CommunityServicesEvents,
  OPEN_SERVICE_REQUEST_STATES,
  type AssignServiceRequestRequest,
  type CancelServiceRequestRequest,
  type CentreFiguresView,
  type CloseServiceRequestRequest,
  type CreateServiceRequestDto,
  type ListServiceRequestsQuery,
  type NoteServiceRequestRequest,
  type ServiceFiguresQuery,
  type ServiceRequestAction,
  type ServiceRequestState,
  type ServiceRequestV1,
  type ServiceRequestView,
  type StartServiceRequestRequest,
} from '@citygrid/contracts/community-services';
import type { Caller } from '@citygrid/contracts/identity';
import type { EventDefinition } from '@citygrid/contracts';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher, maskPhone } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { CatalogueService } from '../catalogue/catalogue.service';
import { Centre } from '../centres/centre.entity';
import { COMMUNITY_SERVICES_ENV, type CommunityServicesEnv } from '../config';
import { assertIntake, operatesAt } from '../shared/callers';
import { CommunityServicesException } from '../shared/community-services.exception';
import { RegistryClient } from '../shared/registry-client';
import { ServiceRequest, ServiceRequestStep } from './service-request.entity';
import { decide, dueAtOf, isOverdue, satisfactionAtClose, TransitionRefused, type ActorRole } from './transitions';

/** Context of the resident's phone in the cipher: a value copied to another column does not decrypt. */
export const RESIDENT_PHONE_CONTEXT = 'service_request.resident_phone';

const STEP_EVENTS: Readonly<Record<Exclude<ServiceRequestAction, 'note'>, EventDefinition<ServiceRequestV1>>> = {
  assign: CommunityServicesEvents.requestAssigned,
  start: CommunityServicesEvents.requestStarted,
  close: CommunityServicesEvents.requestClosed,
  cancel: CommunityServicesEvents.requestCancelled,
};

/**
 * Service requests through the one workflow: intake, assignment, handling, closing with the
 * resident's satisfaction, or cancelling. Every step records its `citygrid.service-request.*`
 * event (and the audit row) in the transaction of the change.
 */
@Injectable()
export class RequestsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
    private readonly catalogue: CatalogueService,
    private readonly cipher: FieldCipher,
    @Inject(COMMUNITY_SERVICES_ENV) private readonly env: CommunityServicesEnv,
  ) {}

  async create(caller: Caller, dto: CreateServiceRequestDto): Promise<ServiceRequestView> {
    assertIntake(caller);
    const { nodeCode, path, residentName } = await this.whereAndWho(caller, dto);
    return this.orm.em.fork().transactional(async (tx) => {
      // The centre must serve the request's node (which the caller sees): one above the caller
      // (a grid member's community centre) as well as one in its area. A centre elsewhere is
      // answered as an unknown one.
      const centre = await tx.findOne(Centre, { id: dto.centreId });
      if (!centre || !path.includes(centre.nodeCode)) {
        throw CommunityServicesException.unprocessable(`Centre ${dto.centreId} does not exist or does not serve node ${nodeCode}.`, [
          { field: 'centreId', reason: `no such centre serving ${nodeCode}` },
        ]);
      }
      if (centre.retiredAt) throw CommunityServicesException.unprocessable(`Centre ${centre.name} is closed.`, [{ field: 'centreId', reason: 'is closed' }]);
      const type = await this.catalogue.openTypeFor(tx, centre, dto.typeCode);
      const receivedAt = new Date();
      const r = Object.assign(new ServiceRequest(), {
        id: randomUUID(),
        centreId: centre.id,
        centre: centre.kind,
        typeId: type.id,
        typeCode: type.code,
        typeName: type.name,
        asksSatisfaction: type.asksSatisfaction,
        description: dto.description,
        state: 'received' as const,
        residentId: dto.residentId ?? null,
        residentName,
        residentPhone: dto.residentPhone ? this.cipher.encrypt(dto.residentPhone, RESIDENT_PHONE_CONTEXT) : null,
        nodeCode,
        path,
        channel: dto.channel,
        assigneeId: null,
        receivedAt,
        dueAt: dueAtOf(receivedAt, type.timeLimitHours),
        startedAt: null,
        closedAt: null,
        satisfaction: null,
        cancelReason: null,
      });
      // the request row first: its history rows reference it
      await tx.persist(r).flush();
      const step = this.step(tx, r, 'received', caller, null);
      this.events.record(tx, CommunityServicesEvents.requestReceived, r.id, payload(r, null, caller), undefined, auditView(r));
      return this.view(caller, r, [step]);
    });
  }

  /** The request's node and the resident's name: from the registry (resident's grid) or as given. */
  private async whereAndWho(caller: Caller, dto: CreateServiceRequestDto): Promise<{ nodeCode: string; path: string[]; residentName: string | null }> {
    if (dto.residentId !== undefined) {
      if (dto.residentName !== undefined) throw ServiceError.validation([{ field: 'residentName', reason: 'is taken from the registry when residentId is given' }]);
      const resident = await this.registry.resident(dto.residentId);
      if (dto.nodeCode !== undefined && dto.nodeCode !== resident.gridCode) {
        throw CommunityServicesException.unprocessable(`Resident ${dto.residentId} lives in grid ${resident.gridCode}, not ${dto.nodeCode}.`, [
          { field: 'nodeCode', reason: "differs from the resident's grid" },
        ]);
      }
      const grid = await this.registry.node(resident.gridCode, 'residentId');
      return { nodeCode: grid.code, path: grid.path, residentName: resident.name };
    }
    const missing = (['residentName', 'residentPhone', 'nodeCode'] as const).filter((f) => dto[f] === undefined);
    if (missing.length || dto.nodeCode === undefined) throw ServiceError.validation(missing.map((field) => ({ field, reason: 'is required without residentId' })));
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    if (!inScope(caller, node.path)) throw CommunityServicesException.unprocessable(`Node ${node.code} does not exist in your area.`, [{ field: 'nodeCode', reason: `unknown node ${node.code}` }]);
    return { nodeCode: node.code, path: node.path, residentName: dto.residentName ?? null };
  }

  async list(caller: Caller, q: ListServiceRequestsQuery): Promise<Page<ServiceRequestView>> {
    const scope = pathFilter(caller, 'path', q.under);
    return this.page(caller, q, scope);
  }

  /** The caller's own queue: requests assigned to it, whatever their node. */
  async mine(caller: Caller, q: ListServiceRequestsQuery): Promise<Page<ServiceRequestView>> {
    const under = q.under ? { path: { $contains: [q.under] } } : {};
    return this.page(caller, q, { assigneeId: caller.id, ...under });
  }

  private async page(caller: Caller, q: ListServiceRequestsQuery, base: FilterQuery<ServiceRequest> | null): Promise<Page<ServiceRequestView>> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    if (base === null) return { items: [], total: 0, offset, limit };
    const now = new Date();
    const where: FilterQuery<ServiceRequest> = {
      $and: [
        base,
        q.centreId ? { centreId: q.centreId } : {},
        q.centre ? { centre: q.centre } : {},
        q.typeCode ? { typeCode: q.typeCode } : {},
        q.state ? { state: q.state } : {},
        q.overdue === true ? { dueAt: { $lt: now }, state: { $in: [...OPEN_SERVICE_REQUEST_STATES] } } : {},
        q.overdue === false ? { $or: [{ dueAt: null }, { dueAt: { $gte: now } }, { state: { $nin: [...OPEN_SERVICE_REQUEST_STATES] } }] } : {},
      ],
    };
    const em = this.orm.em.fork();
    const [rows, total] = await em.findAndCount(ServiceRequest, where, { orderBy: { receivedAt: 'desc', id: 'asc' }, offset, limit });
    const steps = rows.length ? await em.find(ServiceRequestStep, { requestId: { $in: rows.map((r) => r.id) } }, { orderBy: { id: 'asc' } }) : [];
    return {
      items: rows.map((r) =>
        this.view(
          caller,
          r,
          steps.filter((s) => s.requestId === r.id),
          now,
        ),
      ),
      total,
      offset,
      limit,
    };
  }

  async get(caller: Caller, id: string): Promise<ServiceRequestView> {
    const em = this.orm.em.fork();
    const r = await visible(em, caller, id, false);
    return this.view(caller, r, await em.find(ServiceRequestStep, { requestId: id }, { orderBy: { id: 'asc' } }));
  }

  /** Give it to a member of the centre's staff (operators); again, to another one, until handling starts. */
  assign(caller: Caller, req: AssignServiceRequestRequest): Promise<ServiceRequestView> {
    return this.transition(caller, req.id, 'assign', req.note ?? null, (r) => {
      r.assigneeId = req.assigneeId;
    });
  }

  start(caller: Caller, req: StartServiceRequestRequest): Promise<ServiceRequestView> {
    return this.transition(caller, req.id, 'start', req.note ?? null, (r, now) => {
      r.startedAt = now;
    });
  }

  note(caller: Caller, req: NoteServiceRequestRequest): Promise<ServiceRequestView> {
    return this.transition(caller, req.id, 'note', req.note, () => undefined);
  }

  /** Handled: the resident's satisfaction is required when the type asks for it (422 naming `satisfaction`). */
  close(caller: Caller, req: CloseServiceRequestRequest): Promise<ServiceRequestView> {
    return this.transition(caller, req.id, 'close', req.note ?? null, (r, now) => {
      const s = satisfactionAtClose(r.asksSatisfaction, req.satisfaction);
      if (!s.ok) throw CommunityServicesException.unprocessable(`satisfaction ${s.reason}.`, [{ field: 'satisfaction', reason: s.reason }]);
      r.satisfaction = s.value;
      r.closedAt = now;
    });
  }

  cancel(caller: Caller, req: CancelServiceRequestRequest): Promise<ServiceRequestView> {
    return this.transition(caller, req.id, 'cancel', req.reason, (r, now) => {
      r.cancelReason = req.reason;
      r.withdrawn = req.withdrawn === true;
      r.closedAt = now;
    });
  }

  /** Figures per centre over the requests in the caller's area (or under `under`): received, closed, on time, overdue, satisfaction. */
  async figures(caller: Caller, q: ServiceFiguresQuery): Promise<CentreFiguresView[]> {
    const codes = visibleSubtree(caller, q.under);
    if (codes === null) return [];
    const s = this.env.DATABASE_SCHEMA;
    // one placeholder per code (the driver expands an array binding into a list)
    const params: unknown[] = [...codes];
    const conditions = codes.length ? [`r."path" @> array[${codes.map(() => '?').join(', ')}]::text[]`] : [];
    if (q.centreId) {
      conditions.push('c."id" = ?');
      params.push(q.centreId);
    }
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<Record<string, string>>>(
        `select c."id", c."kind", c."name", c."node_code",
           count(*)::int as received,
           (count(*) filter (where r."state" = 'closed'))::int as closed,
           (count(*) filter (where r."state" = 'closed' and (r."due_at" is null or r."closed_at" <= r."due_at")))::int as on_time,
           (count(*) filter (where r."state" = 'cancelled'))::int as cancelled,
           (count(*) filter (where r."state" in ('received', 'assigned', 'in_progress') and r."due_at" < now()))::int as overdue,
           (count(*) filter (where r."satisfaction" = 'satisfied'))::int as satisfied,
           (count(*) filter (where r."satisfaction" = 'basically_satisfied'))::int as basically_satisfied,
           (count(*) filter (where r."satisfaction" = 'dissatisfied'))::int as dissatisfied
         from "${s}"."service_request" r join "${s}"."centre" c on c."id" = r."centre_id"
         ${conditions.length ? `where ${conditions.join(' and ')}` : ''}
         group by c."id", c."kind", c."name", c."node_code"
         order by c."node_code", c."kind", c."name"`,
        params,
      );
    return rows.map((row) => ({
      centreId: String(row['id']),
      centre: row['kind'] as CentreFiguresView['centre'],
      name: String(row['name']),
      nodeCode: String(row['node_code']),
      received: Number(row['received']),
      closed: Number(row['closed']),
      onTime: Number(row['on_time']),
      cancelled: Number(row['cancelled']),
      overdue: Number(row['overdue']),
      satisfied: Number(row['satisfied']),
      basicallySatisfied: Number(row['basically_satisfied']),
      dissatisfied: Number(row['dissatisfied']),
    }));
  }

  /** One step through the table: 404 outside the caller's area, 409 naming the state, 403 for the wrong role. */
  private async transition(caller: Caller, id: string, action: ServiceRequestAction, note: string | null, apply: (r: ServiceRequest, now: Date) => void): Promise<ServiceRequestView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const r = await visible(tx, caller, id, true);
      const before = r.state;
      const beforeView = auditView(r);
      let next: ServiceRequestState;
      try {
        next = decide(r.state, action, rolesOf(caller, r));
      } catch (err) {
        if (err instanceof TransitionRefused) {
          if (err.kind === 'state') throw CommunityServicesException.conflict(err.message, [{ field: 'state', reason: `is ${r.state}` }]);
          assertAllowed(false, err.message);
        }
        throw err;
      }
      const now = new Date();
      apply(r, now);
      r.state = next;
      this.step(tx, r, action, caller, action === 'assign' ? [`→ ${r.assigneeId ?? ''}`, note].filter(Boolean).join(' ') : note);
      if (action === 'note') {
        this.events.record(
          tx,
          CommunityServicesEvents.requestNoted,
          r.id,
          { id: r.id, centre: r.centre, typeCode: r.typeCode, state: r.state, nodeCode: r.nodeCode, path: [...r.path], by: caller.id },
          beforeView,
          auditView(r),
        );
      } else {
        this.events.record(tx, STEP_EVENTS[action], r.id, payload(r, before, caller), beforeView, auditView(r));
      }
      await tx.flush();
      return this.view(caller, r, await tx.find(ServiceRequestStep, { requestId: r.id }, { orderBy: { id: 'asc' } }));
    });
  }

  private step(tx: EntityManager, r: ServiceRequest, action: string, caller: Caller, note: string | null): ServiceRequestStep {
    const s = Object.assign(new ServiceRequestStep(), { requestId: r.id, action, by: caller.id, at: new Date(), note });
    tx.persist(s);
    return s;
  }

  /** The request as the caller sees it: the phone in full only for callers with personal-data rights. */
  view(caller: Caller, r: ServiceRequest, steps: readonly ServiceRequestStep[], now = new Date()): ServiceRequestView {
    const full = seesPersonalData(caller);
    const phone = r.residentPhone === null ? null : this.cipher.decrypt(r.residentPhone, RESIDENT_PHONE_CONTEXT);
    return {
      id: r.id,
      centreId: r.centreId,
      centre: r.centre,
      typeCode: r.typeCode,
      typeName: r.typeName,
      description: r.description,
      state: r.state,
      residentId: r.residentId,
      residentName: r.residentName,
      residentPhone: phone === null ? null : full ? phone : maskPhone(phone),
      masked: !full,
      nodeCode: r.nodeCode,
      path: [...r.path],
      channel: r.channel,
      assigneeId: r.assigneeId,
      receivedAt: r.receivedAt.toISOString(),
      dueAt: r.dueAt?.toISOString() ?? null,
      overdue: isOverdue(r.state, r.dueAt, now),
      startedAt: r.startedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      satisfaction: r.satisfaction,
      cancelReason: r.cancelReason,
      withdrawn: r.withdrawn,
      steps: steps.map((s) => ({ action: s.action, by: s.by, at: s.at.toISOString(), note: s.note })),
    };
  }
}

/** A request the caller sees: in its area, or assigned to it. 404 otherwise, as for an unknown id. */
async function visible(em: EntityManager, caller: Caller, id: string, lock: boolean): Promise<ServiceRequest> {
  const r = await em.findOne(ServiceRequest, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!r || !(inScope(caller, r.path) || (caller.kind === 'staff' && r.assigneeId === caller.id))) throw CommunityServicesException.notFound('Service request', id);
  return r;
}

export function rolesOf(caller: Caller, r: Pick<ServiceRequest, 'path' | 'assigneeId'>): ReadonlySet<ActorRole> {
  const roles = new Set<ActorRole>();
  if (operatesAt(caller, r.path)) roles.add('operator');
  if (caller.kind === 'staff' && r.assigneeId !== null && r.assigneeId === caller.id) roles.add('assignee');
  return roles;
}

/** The event payload: never the resident's name or phone. */
export function payload(r: ServiceRequest, stateBefore: ServiceRequestState | null, caller: Caller): ServiceRequestV1 {
  return {
    id: r.id,
    centre: r.centre,
    typeCode: r.typeCode,
    stateBefore,
    state: r.state,
    nodeCode: r.nodeCode,
    path: [...r.path],
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    satisfaction: r.satisfaction,
    by: caller.id,
  };
}

/** What the audit trail keeps of a request: its workflow fields, never the resident's name or phone. */
function auditView(r: ServiceRequest): Record<string, unknown> {
  return {
    state: r.state,
    centreId: r.centreId,
    typeCode: r.typeCode,
    nodeCode: r.nodeCode,
    assigneeId: r.assigneeId,
    dueAt: r.dueAt?.toISOString() ?? null,
    satisfaction: r.satisfaction,
    cancelReason: r.cancelReason,
    withdrawn: r.withdrawn,
  };
}
