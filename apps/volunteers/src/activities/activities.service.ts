import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  VolunteersEvents,
  type ActivityView,
  type CreateActivityDto,
  type EnterHoursRequest,
  type ParticipationRequest,
  type VolunteerActivityChangedV1,
  type VolunteerHoursRecordedV1,
} from '@citygrid/contracts/volunteers';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Activity, Assignment, Participation, Team, TeamMember } from '../entities';
import { canSee, mayRun } from '../shared/access';
import { formatQuarters, quartersBetween, quartersOf } from '../shared/hours';

const RUNNERS_ONLY = 'Only grid staff and operators of the activity’s area run it.';
/** 24 hours: the most one member's check-in to check-out may count. */
const MAX_QUARTERS = 96;

/**
 * Activities of a team: members sign up (within the capacity), check in and check out; the hours
 * (check-out − check-in, rounded to the quarter hour, or entered with a reason) are recorded with
 * `citygrid.volunteer-hours.recorded.v1` and count for the activity's assignment, if any.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
  ) {}

  async create(caller: Caller, dto: CreateActivityDto): Promise<ActivityView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const team = await tx.findOne(Team, { id: dto.teamId });
      if (!team || !canSee(caller, team.path)) throw new ServiceError(ErrorCode.Unprocessable, `Team ${dto.teamId} does not exist in your area.`, [{ field: 'teamId', reason: 'unknown team' }]);
      assertAllowed(mayRun(caller, team.path), RUNNERS_ONLY);
      if (dto.assignmentId) {
        const a = await tx.findOne(Assignment, { id: dto.assignmentId });
        if (!a || a.teamId !== team.id)
          throw new ServiceError(ErrorCode.Unprocessable, `Assignment ${dto.assignmentId} is not one of the team's.`, [{ field: 'assignmentId', reason: 'not an assignment of this team' }]);
      }
      const activity = Object.assign(new Activity(), {
        id: randomUUID(),
        teamId: team.id,
        title: dto.title,
        date: dto.date,
        capacity: dto.capacity ?? null,
        assignmentId: dto.assignmentId ?? null,
        path: team.path,
        createdAt: new Date(),
      });
      tx.persist(activity);
      this.events.record(tx, VolunteersEvents.activityChanged, activity.id, changed(activity, 'create', null, 0, caller), undefined, { id: activity.id, title: activity.title, date: activity.date });
      return toActivityView(activity, []);
    });
  }

  async get(caller: Caller, id: string): Promise<ActivityView> {
    const em = this.orm.em.fork();
    const activity = await visible(em, caller, id);
    return toActivityView(activity, await participants(em, id));
  }

  async signUp(caller: Caller, req: ParticipationRequest): Promise<ActivityView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const activity = await this.runnable(tx, caller, req.id);
      const member = await tx.findOne(TeamMember, { id: req.memberId });
      if (!member || member.teamId !== activity.teamId)
        throw new ServiceError(ErrorCode.Unprocessable, 'Only members of the team sign up.', [{ field: 'memberId', reason: 'not a member of the team' }]);
      const parts = await participants(tx, activity.id);
      if (parts.some((p) => p.memberId === member.id)) throw new ServiceError(ErrorCode.Conflict, 'This member has signed up already.', [{ field: 'memberId', reason: 'already signed up' }]);
      if (activity.capacity !== null && parts.length >= activity.capacity)
        throw new ServiceError(ErrorCode.Conflict, `The activity is full (${activity.capacity} places).`, [{ field: 'memberId', reason: 'activity full' }]);
      const p = Object.assign(new Participation(), { activityId: activity.id, memberId: member.id, signedUpAt: at(req.at), checkedInAt: null, checkedOutAt: null, quarters: null, hoursReason: null });
      tx.persist(p);
      const all = [...parts, p];
      this.events.record(tx, VolunteersEvents.activityChanged, activity.id, changed(activity, 'sign_up', member.id, all.length, caller), undefined, { memberId: member.id });
      return toActivityView(activity, all);
    });
  }

  async checkIn(caller: Caller, req: ParticipationRequest): Promise<ActivityView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const activity = await this.runnable(tx, caller, req.id);
      const p = await participation(tx, activity.id, req.memberId);
      if (p.checkedInAt) throw new ServiceError(ErrorCode.Conflict, 'This member has checked in already.', [{ field: 'memberId', reason: 'already checked in' }]);
      if (p.quarters !== null) throw new ServiceError(ErrorCode.Conflict, 'Hours were entered for this member already.', [{ field: 'memberId', reason: 'hours recorded' }]);
      p.checkedInAt = at(req.at);
      const parts = await participants(tx, activity.id);
      this.events.record(
        tx,
        VolunteersEvents.activityChanged,
        activity.id,
        changed(activity, 'check_in', p.memberId, parts.length, caller),
        { checkedInAt: null },
        { checkedInAt: p.checkedInAt.toISOString() },
      );
      return toActivityView(activity, parts);
    });
  }

  async checkOut(caller: Caller, req: ParticipationRequest): Promise<ActivityView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const activity = await this.runnable(tx, caller, req.id);
      const p = await participation(tx, activity.id, req.memberId);
      if (!p.checkedInAt) throw new ServiceError(ErrorCode.Conflict, 'This member has not checked in.', [{ field: 'memberId', reason: 'not checked in' }]);
      if (p.checkedOutAt) throw new ServiceError(ErrorCode.Conflict, 'This member has checked out already.', [{ field: 'memberId', reason: 'already checked out' }]);
      const out = at(req.at);
      const quarters = quartersBetween(p.checkedInAt, out);
      if (quarters === null) throw ServiceError.validation([{ field: 'at', reason: 'check-out must be after check-in' }], 'Check-out must come after check-in.');
      if (quarters > MAX_QUARTERS) throw ServiceError.validation([{ field: 'at', reason: 'at most 24 hours after check-in' }], 'An activity counts at most 24 hours a member.');
      p.checkedOutAt = out;
      p.quarters = quarters;
      const parts = await participants(tx, activity.id);
      this.events.record(
        tx,
        VolunteersEvents.activityChanged,
        activity.id,
        changed(activity, 'check_out', p.memberId, parts.length, caller),
        { checkedOutAt: null },
        { checkedOutAt: out.toISOString(), hours: formatQuarters(quarters) },
      );
      await this.recordHours(tx, activity, p, 'check_out', caller);
      return toActivityView(activity, parts);
    });
  }

  async enterHours(caller: Caller, req: EnterHoursRequest): Promise<ActivityView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const activity = await this.runnable(tx, caller, req.id);
      const p = await participation(tx, activity.id, req.memberId);
      if (p.quarters !== null) throw new ServiceError(ErrorCode.Conflict, 'Hours were recorded for this member already.', [{ field: 'memberId', reason: 'hours recorded' }]);
      const quarters = quartersOf(req.hours);
      if (quarters <= 0) throw ServiceError.validation([{ field: 'hours', reason: 'must be at least a quarter hour' }], 'Hours must be at least 0.25.');
      p.quarters = quarters;
      p.hoursReason = req.reason;
      const parts = await participants(tx, activity.id);
      this.events.record(
        tx,
        VolunteersEvents.activityChanged,
        activity.id,
        changed(activity, 'hours_entered', p.memberId, parts.length, caller),
        { hours: null },
        { hours: formatQuarters(quarters), reason: req.reason },
      );
      await this.recordHours(tx, activity, p, 'entered', caller);
      return toActivityView(activity, parts);
    });
  }

  /** An activity the caller may run, locked for the change; 404 when unseen, 403 when only seen. */
  private async runnable(tx: EntityManager, caller: Caller, id: string): Promise<Activity> {
    const activity = await visible(tx, caller, id, true);
    assertAllowed(mayRun(caller, activity.path), RUNNERS_ONLY);
    return activity;
  }

  private async recordHours(tx: EntityManager, activity: Activity, p: Participation, source: VolunteerHoursRecordedV1['source'], caller: Caller): Promise<void> {
    const a = activity.assignmentId ? await tx.findOne(Assignment, { id: activity.assignmentId }) : null;
    const data: VolunteerHoursRecordedV1 = {
      activityId: activity.id,
      teamId: activity.teamId,
      memberId: p.memberId,
      hours: formatQuarters(p.quarters ?? 0),
      date: activity.date,
      source,
      path: activity.path,
      assignment: a ? { id: a.id, targetKind: a.targetKind, targetId: a.targetId } : null,
      by: caller.id,
    };
    this.events.record(tx, VolunteersEvents.hoursRecorded, `${activity.id}:${p.memberId}`, data);
  }
}

async function visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<Activity> {
  const activity = await em.findOne(Activity, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!activity || !canSee(caller, activity.path)) throw new ServiceError(ErrorCode.NotFound, `Activity ${id} does not exist.`);
  return activity;
}

function participants(em: EntityManager, activityId: string): Promise<Participation[]> {
  return em.find(Participation, { activityId }, { orderBy: { signedUpAt: 'asc', memberId: 'asc' } });
}

async function participation(em: EntityManager, activityId: string, memberId: string): Promise<Participation> {
  const p = await em.findOne(Participation, { activityId, memberId });
  if (!p) throw new ServiceError(ErrorCode.Unprocessable, 'This member has not signed up for the activity.', [{ field: 'memberId', reason: 'not signed up' }]);
  return p;
}

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** The time given (`at`, default now), or 400 naming `at` when it is not between 2000 and 2100. */
function at(iso: string | undefined): Date {
  const t = iso ? new Date(iso) : new Date();
  if (Number.isNaN(t.getTime()) || t.getTime() < EARLIEST || t.getTime() >= LATEST)
    throw ServiceError.validation([{ field: 'at', reason: 'must be a time between 2000 and 2100' }], 'The time is out of range.');
  return t;
}

function changed(a: Activity, action: VolunteerActivityChangedV1['action'], memberId: string | null, signedUp: number, caller: Caller): VolunteerActivityChangedV1 {
  return { id: a.id, teamId: a.teamId, action, memberId, date: a.date, capacity: a.capacity, signedUp, path: a.path, by: caller.id };
}

function toActivityView(a: Activity, parts: Participation[]): ActivityView {
  return {
    id: a.id,
    teamId: a.teamId,
    title: a.title,
    date: a.date,
    capacity: a.capacity,
    assignmentId: a.assignmentId,
    path: a.path,
    participants: parts.map((p) => ({
      memberId: p.memberId,
      signedUpAt: p.signedUpAt.toISOString(),
      checkedInAt: p.checkedInAt?.toISOString() ?? null,
      checkedOutAt: p.checkedOutAt?.toISOString() ?? null,
      hours: p.quarters === null ? null : formatQuarters(p.quarters),
      hoursReason: p.hoursReason,
    })),
  };
}
