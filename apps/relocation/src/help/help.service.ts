import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  RelocationEvents,
  type AdvanceHelpRequestRequest,
  type CreateHelpRequestRequest,
  type HelpRequestView,
  type HelpState,
  type ListHelpRequestsRequest,
  type RelocationItemRequest,
} from '@citygrid/contracts/relocation';
import { EnrolmentReason, SchoolingRpc } from '@citygrid/contracts/schooling';
import { EventRecorder } from '@citygrid/persistence';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { RelocationProject } from '../projects/project.entity';
import { householdOf, visibleProject } from '../projects/projects.service';
import { WORKERS_ONLY, worksOn } from '../shared/access';
import { decideHelp } from './help-transitions';
import { HelpRequest } from './help-request.entity';

/**
 * Help for moving households: schooling help is raised in the schooling service as the caller
 * (reason `relocation`, this project's id, the help request's own id) and only its id is kept
 * here; rental help is kept here (received → arranged → closed). A create is safe to retry with
 * the same `id`.
 */
@Injectable()
export class HelpService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly rpc: RpcClient,
  ) {}

  async create(caller: Caller, dto: CreateHelpRequestRequest): Promise<HelpRequestView> {
    if (dto.kind === 'schooling' && !dto.schooling) throw ServiceError.validation([{ field: 'schooling', reason: 'is required for schooling help: the child and guardian' }]);
    if (dto.kind === 'rental' && dto.schooling) throw ServiceError.validation([{ field: 'schooling', reason: 'is taken by schooling help only' }]);
    const em = this.orm.em.fork();
    const p = await visibleProject(em, caller, dto.projectId);
    const h = await householdOf(em, p.id, dto.householdId).catch((err: unknown) => {
      if (err instanceof ServiceError && err.code === ErrorCode.NotFound)
        throw new ServiceError(ErrorCode.Unprocessable, err.detail, [{ field: 'householdId', reason: 'is not a household of this project' }]);
      throw err;
    });
    assertAllowed(worksOn(caller, p), WORKERS_ONLY);
    if (dto.schooling && dto.schooling.placeId !== h.placeId) {
      throw new ServiceError(ErrorCode.Unprocessable, `Place ${dto.schooling.placeId} is not household ${h.id}'s place.`, [
        { field: 'schooling.placeId', reason: "is not the household's grid-registry place" },
      ]);
    }
    const id = dto.id ?? randomUUID();
    const earlier = await this.repeated(em, id, dto);
    if (earlier) return earlier;
    let schoolingState: string | null = null;
    if (dto.schooling) {
      // Raised first, under the help request's own id: the schooling service gives back the same
      // request when asked again with that id, so a retry after the save below failed links it
      // instead of raising a second one; nothing is kept here when the schooling service refuses.
      const s = dto.schooling;
      const created = await this.rpc.send(SchoolingRpc.requestCreate, {
        id,
        householdId: h.placeId,
        childName: s.childName,
        childBirthDate: s.childBirthDate,
        childGender: s.childGender,
        guardianName: s.guardianName,
        guardianPhone: s.guardianPhone,
        grade: s.grade,
        reason: EnrolmentReason.Relocation,
        relocationProjectId: p.id,
        ...(dto.note === undefined ? {} : { note: dto.note }),
      });
      schoolingState = created.state;
    }
    const now = new Date();
    const r = Object.assign(new HelpRequest(), {
      id,
      projectId: p.id,
      householdId: h.id,
      kind: dto.kind,
      state: (dto.kind === 'schooling' ? 'requested' : 'received') as HelpState,
      schoolingRequestId: dto.kind === 'schooling' ? id : null,
      note: dto.note ?? null,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await em.transactional(async (tx) => {
        tx.persist(r);
        this.events.record(tx, RelocationEvents.helpRaised, r.id, eventData(r, p, null, caller));
      });
    } catch (err) {
      // the same id saved by a concurrent retry: that one's request is this one
      const again = err instanceof UniqueConstraintViolationException ? await this.repeated(this.orm.em.fork(), id, dto) : null;
      if (again) return again;
      throw err;
    }
    return toHelpView(r, schoolingState);
  }

  /** The help request an earlier create with `id` saved, or null; 409 when `id` is another household's or kind's. */
  private async repeated(em: EntityManager, id: string, dto: CreateHelpRequestRequest): Promise<HelpRequestView | null> {
    const earlier = await em.findOne(HelpRequest, { id });
    if (!earlier) return null;
    if (earlier.projectId !== dto.projectId || earlier.householdId !== dto.householdId || earlier.kind !== dto.kind) {
      throw new ServiceError(ErrorCode.Conflict, `Help request ${id} was made for another household or kind of help.`, [{ field: 'id', reason: 'already names another help request' }]);
    }
    return toHelpView(earlier, null);
  }

  async list(caller: Caller, q: ListHelpRequestsRequest): Promise<Page<HelpRequestView>> {
    const em = this.orm.em.fork();
    await visibleProject(em, caller, q.projectId);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const [rows, total] = await em.findAndCount(HelpRequest, { projectId: q.projectId }, { orderBy: { createdAt: 'desc', id: 'asc' }, offset, limit });
    return { items: rows.map((r) => toHelpView(r, null)), total, offset, limit };
  }

  /** One request; a schooling one shows the schooling service's state of it (asked as the caller; null when it cannot be read). */
  async get(caller: Caller, req: RelocationItemRequest): Promise<HelpRequestView> {
    const em = this.orm.em.fork();
    await visibleProject(em, caller, req.projectId);
    const r = await helpOf(em, req.projectId, req.id);
    let schoolingState: string | null = null;
    if (r.schoolingRequestId) {
      schoolingState = await this.rpc.send(SchoolingRpc.requestGet, { id: r.schoolingRequestId }).then(
        (s) => s.state,
        (err: unknown) => {
          if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.Forbidden)) return null;
          throw err;
        },
      );
    }
    return toHelpView(r, schoolingState);
  }

  async advance(caller: Caller, req: AdvanceHelpRequestRequest): Promise<HelpRequestView> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const p = await visibleProject(tx, caller, req.projectId);
      const r = await helpOf(tx, p.id, req.id, true);
      assertAllowed(worksOn(caller, p), WORKERS_ONLY);
      decideHelp(r.kind, r.state, req.state);
      const before = r.state;
      r.state = req.state;
      if (req.note !== undefined) r.note = req.note;
      r.updatedAt = new Date();
      this.events.record(tx, RelocationEvents.helpChanged, r.id, eventData(r, p, before, caller), { state: before }, { state: r.state });
      await tx.flush();
      return toHelpView(r, null);
    });
  }
}

async function helpOf(em: EntityManager, projectId: string, id: string, lock = false): Promise<HelpRequest> {
  const r = await em.findOne(HelpRequest, { id, projectId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!r) throw new ServiceError(ErrorCode.NotFound, `Help request ${id} is not in relocation project ${projectId}.`);
  return r;
}

function eventData(r: HelpRequest, p: RelocationProject, before: HelpState | null, caller: Caller) {
  return { id: r.id, projectId: p.id, householdId: r.householdId, kind: r.kind, stateBefore: before, state: r.state, path: p.path, schoolingRequestId: r.schoolingRequestId, by: caller.id };
}

export function toHelpView(r: HelpRequest, schoolingState: string | null): HelpRequestView {
  return {
    id: r.id,
    projectId: r.projectId,
    householdId: r.householdId,
    kind: r.kind,
    state: r.state,
    schoolingRequestId: r.schoolingRequestId,
    schoolingState,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}
