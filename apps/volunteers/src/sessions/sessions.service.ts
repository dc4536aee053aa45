import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { VolunteersEvents, type AttendSessionRequest, type CreateSessionDto, type SessionView } from '@citygrid/contracts/volunteers';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { EducationSession, Member, Organisation, SessionAttendance } from '../entities';
import { canSee, mayRun } from '../shared/access';

const RUNNERS_ONLY = 'Only grid staff and operators of the organisation’s area run its sessions.';

/** Remote-education sessions 远程教育 of an organisation and their attendance, each attendance published once (`citygrid.education-session.attended.v1`). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
  ) {}

  async create(caller: Caller, dto: CreateSessionDto): Promise<SessionView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const org = await tx.findOne(Organisation, { id: dto.organisationId });
      if (!org || !canSee(caller, org.path))
        throw new ServiceError(ErrorCode.Unprocessable, `Organisation ${dto.organisationId} does not exist in your area.`, [{ field: 'organisationId', reason: 'unknown organisation' }]);
      assertAllowed(mayRun(caller, org.path), RUNNERS_ONLY);
      const session = Object.assign(new EducationSession(), { id: randomUUID(), organisationId: org.id, topic: dto.topic, date: dto.date, path: org.path, createdAt: new Date() });
      tx.persist(session);
      const view = toSessionView(session, []);
      this.events.record(tx, VolunteersEvents.sessionScheduled, session.id, { id: session.id, organisationId: org.id, date: session.date, path: session.path, by: caller.id }, undefined, view);
      return view;
    });
  }

  async get(caller: Caller, id: string): Promise<SessionView> {
    const em = this.orm.em.fork();
    const session = await visible(em, caller, id);
    return toSessionView(session, await attendees(em, id));
  }

  async attend(caller: Caller, req: AttendSessionRequest): Promise<SessionView> {
    const unique = [...new Set(req.memberIds)];
    if (unique.length !== req.memberIds.length) throw ServiceError.validation([{ field: 'memberIds', reason: 'a member is listed twice' }], 'List each member once.');
    return this.orm.em.fork().transactional(async (tx) => {
      const session = await visible(tx, caller, req.id, true);
      assertAllowed(mayRun(caller, session.path), RUNNERS_ONLY);
      const members = await tx.find(Member, { id: { $in: unique } });
      const errors = unique.flatMap((id, i) => {
        const m = members.find((x) => x.id === id);
        return !m || m.organisationId !== session.organisationId ? [{ field: `memberIds.${i}`, reason: 'not a member of the session’s organisation' }] : [];
      });
      if (errors.length) throw new ServiceError(ErrorCode.Unprocessable, 'Only members of the organisation attend its sessions.', errors);
      const already = new Set((await attendees(tx, session.id)).map((a) => a.memberId));
      const fresh = unique.filter((id) => !already.has(id));
      const now = new Date();
      for (const memberId of fresh) {
        tx.persist(Object.assign(new SessionAttendance(), { sessionId: session.id, memberId, recordedAt: now }));
        this.events.record(
          tx,
          VolunteersEvents.sessionAttended,
          `${session.id}:${memberId}`,
          { sessionId: session.id, organisationId: session.organisationId, memberId, date: session.date, path: session.path, by: caller.id },
          undefined,
          { sessionId: session.id, memberId },
        );
      }
      return toSessionView(session, [...(await attendees(tx, session.id)), ...fresh.map((memberId) => ({ sessionId: session.id, memberId, recordedAt: now }))]);
    });
  }
}

async function visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<EducationSession> {
  const session = await em.findOne(EducationSession, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!session || !canSee(caller, session.path)) throw new ServiceError(ErrorCode.NotFound, `Session ${id} does not exist.`);
  return session;
}

function attendees(em: EntityManager, sessionId: string): Promise<SessionAttendance[]> {
  return em.find(SessionAttendance, { sessionId }, { orderBy: { recordedAt: 'asc', memberId: 'asc' } });
}

function toSessionView(s: EducationSession, attended: Array<{ memberId: string }>): SessionView {
  return { id: s.id, organisationId: s.organisationId, topic: s.topic, date: s.date, path: s.path, attendees: [...new Set(attended.map((a) => a.memberId))] };
}
