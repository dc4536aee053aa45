import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  VolunteersEvents,
  type AddTeamMemberRequest,
  type TeamAssignmentView,
  type CreateTeamAssignmentDto,
  type CreateTeamDto,
  type ListTeamsQuery,
  type TeamView,
  type VolunteerTeamChangedV1,
} from '@citygrid/contracts/volunteers';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Activity, Assignment, Member, Participation, Team, TeamMember } from '../entities';
import { canSee, mayRun } from '../shared/access';
import { formatQuarters } from '../shared/hours';
import { RegistryClient } from '../shared/registry-client';

const RUNNERS_ONLY = 'Only grid staff and operators of the team’s area run volunteer teams.';

/** Volunteer teams 志愿服务队 with their members and leader, and their assignments to a case, a campaign or a relocation project. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
  ) {}

  async create(caller: Caller, dto: CreateTeamDto): Promise<TeamView> {
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    assertAllowed(mayRun(caller, node.path), RUNNERS_ONLY);
    const team = Object.assign(new Team(), { id: randomUUID(), name: dto.name, nodeCode: node.code, path: node.path, leaderMemberId: null, createdAt: new Date() });
    await this.orm.em.fork().transactional((tx) => {
      tx.persist(team);
      this.events.record(tx, VolunteersEvents.teamChanged, team.id, changed(team, 'create', 0, caller), undefined, { id: team.id, name: team.name, nodeCode: team.nodeCode });
      return Promise.resolve();
    });
    return toTeamView(team, []);
  }

  async list(caller: Caller, q: ListTeamsQuery): Promise<Page<TeamView>> {
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const em = this.orm.em.fork();
    const rows = (await em.find(Team, q.under ? { path: { $contains: [q.under] } } : {}, { orderBy: { createdAt: 'asc', id: 'asc' } })).filter((t) => canSee(caller, t.path));
    const page = rows.slice(offset, offset + limit);
    const members = page.length ? await em.find(TeamMember, { teamId: { $in: page.map((t) => t.id) } }, { orderBy: { createdAt: 'asc', id: 'asc' } }) : [];
    return {
      items: page.map((t) =>
        toTeamView(
          t,
          members.filter((m) => m.teamId === t.id),
        ),
      ),
      total: rows.length,
      offset,
      limit,
    };
  }

  async get(caller: Caller, id: string): Promise<TeamView> {
    const em = this.orm.em.fork();
    const team = await this.visible(em, caller, id);
    return toTeamView(team, await teamMembers(em, team.id));
  }

  /** A team the caller sees, or 404. */
  async visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<Team> {
    const team = await em.findOne(Team, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!team || !canSee(caller, team.path)) throw new ServiceError(ErrorCode.NotFound, `Team ${id} does not exist.`);
    return team;
  }

  async addMember(caller: Caller, req: AddTeamMemberRequest): Promise<TeamView> {
    if ((req.residentId === undefined) === (req.partyMemberId === undefined)) {
      throw ServiceError.validation([{ field: 'residentId', reason: 'give exactly one of residentId and partyMemberId' }], 'Name the resident or the party member.');
    }
    const pre = await this.visible(this.orm.em.fork(), caller, req.id);
    assertAllowed(mayRun(caller, pre.path), RUNNERS_ONLY);
    let residentId: string;
    let partyMemberId: string | null = null;
    if (req.partyMemberId) {
      const pm = await this.orm.em.fork().findOne(Member, { id: req.partyMemberId });
      if (!pm || !canSee(caller, pm.path))
        throw new ServiceError(ErrorCode.Unprocessable, `Party member ${req.partyMemberId} does not exist in your area.`, [{ field: 'partyMemberId', reason: 'unknown party member' }]);
      residentId = pm.residentId;
      partyMemberId = pm.id;
    } else {
      residentId = (await this.registry.resident(req.residentId as string, 'residentId')).resident.id;
    }
    return this.orm.em.fork().transactional(async (tx) => {
      const team = await this.visible(tx, caller, req.id, true);
      if (await tx.count(TeamMember, { teamId: team.id, residentId })) {
        throw new ServiceError(ErrorCode.Conflict, 'This resident is already a member of the team.', [{ field: req.partyMemberId ? 'partyMemberId' : 'residentId', reason: 'already a member' }]);
      }
      const member = Object.assign(new TeamMember(), { id: randomUUID(), teamId: team.id, residentId, partyMemberId, createdAt: new Date() });
      tx.persist(member);
      const before = { leaderMemberId: team.leaderMemberId };
      if (req.leader) team.leaderMemberId = member.id;
      const members = [...(await teamMembers(tx, team.id)), member];
      this.events.record(tx, VolunteersEvents.teamChanged, team.id, changed(team, 'member_added', members.length, caller), before, { leaderMemberId: team.leaderMemberId, memberId: member.id });
      return toTeamView(team, members);
    });
  }

  async assign(caller: Caller, dto: CreateTeamAssignmentDto): Promise<TeamAssignmentView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const team = await tx.findOne(Team, { id: dto.teamId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!team || !canSee(caller, team.path)) throw new ServiceError(ErrorCode.Unprocessable, `Team ${dto.teamId} does not exist in your area.`, [{ field: 'teamId', reason: 'unknown team' }]);
      assertAllowed(mayRun(caller, team.path), RUNNERS_ONLY);
      const a = Object.assign(new Assignment(), { id: randomUUID(), teamId: team.id, targetKind: dto.targetKind, targetId: dto.targetId, path: team.path, createdAt: new Date() });
      tx.persist(a);
      const count = await tx.count(TeamMember, { teamId: team.id });
      this.events.record(tx, VolunteersEvents.teamChanged, team.id, changed(team, 'assigned', count, caller), undefined, { assignmentId: a.id, targetKind: a.targetKind, targetId: a.targetId });
      return toAssignmentView(a, 0, 0, 0);
    });
  }

  /** An assignment with the activities run for it and the hours recorded there. */
  async assignment(caller: Caller, id: string): Promise<TeamAssignmentView> {
    const em = this.orm.em.fork();
    const a = await em.findOne(Assignment, { id });
    if (!a || !canSee(caller, a.path)) throw new ServiceError(ErrorCode.NotFound, `Assignment ${id} does not exist.`);
    const activities = await em.find(Activity, { assignmentId: a.id }, { fields: ['id'] });
    const parts = activities.length ? await em.find(Participation, { activityId: { $in: activities.map((x) => x.id) }, quarters: { $ne: null } }) : [];
    const quarters = parts.reduce((sum, p) => sum + (p.quarters ?? 0), 0);
    return toAssignmentView(a, activities.length, quarters, new Set(parts.map((p) => p.memberId)).size);
  }
}

function teamMembers(em: EntityManager, teamId: string): Promise<TeamMember[]> {
  return em.find(TeamMember, { teamId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

function changed(t: Team, action: VolunteerTeamChangedV1['action'], memberCount: number, caller: Caller): VolunteerTeamChangedV1 {
  return { id: t.id, action, memberCount, leaderMemberId: t.leaderMemberId, nodeCode: t.nodeCode, path: t.path, by: caller.id };
}

export function toTeamView(t: Team, members: TeamMember[]): TeamView {
  return {
    id: t.id,
    name: t.name,
    nodeCode: t.nodeCode,
    path: t.path,
    leaderMemberId: t.leaderMemberId,
    members: members.map((m) => ({ id: m.id, residentId: m.residentId, partyMemberId: m.partyMemberId })),
    createdAt: t.createdAt.toISOString(),
  };
}

function toAssignmentView(a: Assignment, activities: number, quarters: number, volunteers: number): TeamAssignmentView {
  return { id: a.id, teamId: a.teamId, targetKind: a.targetKind, targetId: a.targetId, path: a.path, activities, hours: formatQuarters(quarters), volunteers, createdAt: a.createdAt.toISOString() };
}
