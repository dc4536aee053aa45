import { assertAllowed, inScope } from '@citygrid/auth';
import { Role, type Caller } from '@citygrid/contracts/identity';
import type {
  RelocationProgressQuery,
  RelocationProgressView,
  RelocationProjectProgressView,
  VolunteerFiguresQuery,
  VolunteerFiguresRowView,
  VolunteerFiguresView,
} from '@citygrid/contracts/reporting';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { rate } from '../kpis/figures';
import { queryRange } from '../kpis/periods';
import { NodeRecord } from '../read-models/node.entity';
import { ReportingException } from '../shared/reporting.exception';
import { addDays, dayIn } from '../shared/work-day';
import { ProgrammeRepository, type ProjectProgressRow, type VolunteerCounts } from './programme.repository';

/** Days of the relocation progress curve that are reported: most move in 3 days, all but one sign in 10, all demolished in 30. */
export const RELOCATION_MILESTONE_DAYS: readonly number[] = [3, 10, 30];

const NOT_FOR_OFFICERS = 'Department officers see the cases of their department only; these figures count every unit and household of an area.';

/**
 * The figures of party building, volunteers and relocation of a node, read from the facts the
 * programme consumers keep: the formation rate as it stands, hours and sessions of a period, and
 * each relocation project's standing and its days 3, 10 and 30.
 */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repo: ProgrammeRepository,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  async volunteers(caller: Caller, q: VolunteerFiguresQuery): Promise<VolunteerFiguresView> {
    assertAllowed(!caller.roles.includes(Role.DepartmentOfficer), NOT_FOR_OFFICERS);
    const now = new Date();
    const today = dayIn(now, this.env.WORK_TIME_ZONE);
    const given = q.period !== undefined || q.from !== undefined || q.to !== undefined;
    const range = given ? queryRange(q) : { from: `${today.slice(0, 4)}-01-01`, to: today, label: null };
    if (Array.isArray(range)) throw ReportingException.invalid(range);
    const em = this.orm.em.fork();
    const node = await this.visibleNode(caller, q.node);
    const children = await em.find(NodeRecord, { parentCode: node.code }, { orderBy: { code: 'asc' } });
    const [own, rows] = await Promise.all([
      this.repo.volunteerCounts(node.code, range.from, range.to),
      Promise.all(children.map(async (c) => volunteerRow(c, await this.repo.volunteerCounts(c.code, range.from, range.to)))),
    ]);
    return { ...volunteerRow(node, own), from: range.from, to: range.to, children: rows, computedAt: now.toISOString() };
  }

  async relocation(caller: Caller, q: RelocationProgressQuery): Promise<RelocationProgressView> {
    assertAllowed(!caller.roles.includes(Role.DepartmentOfficer), NOT_FOR_OFFICERS);
    const now = new Date();
    const today = dayIn(now, this.env.WORK_TIME_ZONE);
    const node = await this.visibleNode(caller, q.node);
    const projects = await this.repo.projectProgress(node.code, RELOCATION_MILESTONE_DAYS);
    return { node: nodeView(node), projects: projects.map((p) => projectView(p, today)), computedAt: now.toISOString() };
  }

  private async visibleNode(caller: Caller, code: string): Promise<NodeRecord> {
    const node = await this.orm.em.fork().findOne(NodeRecord, { code });
    if (!node || !inScope(caller, node.path)) throw ReportingException.notFound('Node', code);
    return node;
  }
}

function nodeView(node: NodeRecord) {
  return { code: node.code, name: node.name, path: [...node.path] };
}

function volunteerRow(node: NodeRecord, c: VolunteerCounts): VolunteerFiguresRowView {
  return {
    node: nodeView(node),
    formation: rate(c.unitsWithBranch, c.unitsDue),
    organisations: { branches: c.branches, generalBranches: c.generalBranches, committees: c.committees },
    partyMembers: c.members,
    hours: c.hours,
    sessions: c.sessions,
    sessionAttendance: c.attendance,
  };
}

function projectView(p: ProjectProgressRow, today: string): RelocationProjectProgressView {
  const [visited = 0, agreed = 0, signed = 0, moved = 0, demolished = 0] = p.byRank;
  const stepped = visited + agreed + signed + moved + demolished;
  return {
    projectId: p.projectId,
    nodeCode: p.nodeCode ?? '',
    startDate: p.startDate ?? '',
    households: p.households,
    units: p.units,
    buildings: p.buildings,
    counts: { none: Math.max(0, p.households - stepped), visited, agreed, signed, moved, demolished },
    signed: rate(signed + moved + demolished, p.households),
    holdouts: p.holdouts,
    helpRaised: p.helpRaised,
    helpOpen: p.helpOpen,
    milestones: RELOCATION_MILESTONE_DAYS.map((day) => {
      const date = p.startDate ? addDays(p.startDate, day - 1) : '';
      const m = p.milestones.find((x) => x.date === date);
      return { day, date, reached: date !== '' && date < today, signed: m?.signed ?? 0, moved: m?.moved ?? 0, demolished: m?.demolished ?? 0 };
    }),
  };
}
