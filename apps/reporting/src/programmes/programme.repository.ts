import { executeBound } from '@citygrid/persistence';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';

/** The tables of the party, volunteer and relocation facts, emptied and refilled by a rebuild. */
export const PROGRAMME_TABLES = [
  'volunteer_unit',
  'volunteer_organisation',
  'volunteer_member',
  'volunteer_hours',
  'volunteer_session',
  'volunteer_attendance',
  'relocation_project',
  'relocation_step',
  'relocation_holdout',
  'relocation_help',
] as const;

export interface UnitFact {
  unitId: string;
  placeId: string;
  shouldHaveBranch: boolean;
  path: string[];
  eventTime: string;
}

export interface OrganisationFact {
  organisationId: string;
  kind: string;
  hostUnitId: string | null;
  status: string;
  path: string[];
  eventTime: string;
}

export interface HoursFact {
  activityId: string;
  memberId: string;
  day: string;
  /** Decimal string. */
  hours: string;
  targetKind: string | null;
  path: string[];
  eventTime: string;
}

/** The party and volunteer counts of one subtree (the period applies to hours and sessions). */
export interface VolunteerCounts {
  unitsDue: number;
  unitsWithBranch: number;
  branches: number;
  generalBranches: number;
  committees: number;
  members: number;
  hours: { total: string; members: number; activities: number; forCases: string; forCampaigns: string; forRelocation: string };
  sessions: number;
  attendance: number;
}

/** One project's facts as read. */
export interface ProjectProgressRow {
  projectId: string;
  nodeCode: string | null;
  startDate: string | null;
  households: number;
  units: number;
  buildings: number;
  /** Households by their furthest step's rank (0 visited … 4 demolished). */
  byRank: number[];
  /** Per milestone date: households signed or further, moved or further, demolished by its end. */
  milestones: Array<{ date: string; signed: number; moved: number; demolished: number }>;
  holdouts: number;
  helpRaised: number;
  helpOpen: number;
}

const n = (v: unknown): number => Number(v ?? 0);
const arr = (path: readonly string[]): string => `{${path.join(',')}}`;

/**
 * The writes of the party, volunteer and relocation facts, on the transaction of the consumer's
 * inbox row, each order-independent; and the counts read from them.
 */
@Injectable()
export class ProgrammeRepository {
  private readonly s: string;

  constructor(
    private readonly orm: MikroORM,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  async saveUnit(tx: EntityManager, f: UnitFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."volunteer_unit" as u ("unit_id", "place_id", "should_have_branch", "path", "event_time") values (?, ?, ?, ?::text[], ?)
       on conflict ("unit_id") do update set "place_id" = excluded."place_id", "should_have_branch" = excluded."should_have_branch", "path" = excluded."path", "event_time" = excluded."event_time"
       where excluded."event_time" >= u."event_time"`,
      [f.unitId, f.placeId, f.shouldHaveBranch, arr(f.path), f.eventTime],
    );
  }

  async saveOrganisation(tx: EntityManager, f: OrganisationFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."volunteer_organisation" as o ("organisation_id", "kind", "host_unit_id", "status", "path", "event_time") values (?, ?, ?, ?, ?::text[], ?)
       on conflict ("organisation_id") do update set "kind" = excluded."kind", "host_unit_id" = excluded."host_unit_id", "status" = excluded."status", "path" = excluded."path", "event_time" = excluded."event_time"
       where excluded."event_time" >= o."event_time"`,
      [f.organisationId, f.kind, f.hostUnitId, f.status, arr(f.path), f.eventTime],
    );
  }

  async saveMember(tx: EntityManager, memberId: string, path: readonly string[]): Promise<void> {
    await executeBound(tx, `insert into ${this.s}."volunteer_member" ("member_id", "path") values (?, ?::text[]) on conflict ("member_id") do update set "path" = excluded."path"`, [
      memberId,
      arr(path),
    ]);
  }

  async saveHours(tx: EntityManager, f: HoursFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."volunteer_hours" as h ("activity_id", "member_id", "day", "hours", "target_kind", "path", "event_time") values (?, ?, ?::date, ?::numeric, ?, ?::text[], ?)
       on conflict ("activity_id", "member_id") do update set "day" = excluded."day", "hours" = excluded."hours", "target_kind" = excluded."target_kind", "path" = excluded."path", "event_time" = excluded."event_time"
       where excluded."event_time" >= h."event_time"`,
      [f.activityId, f.memberId, f.day, f.hours, f.targetKind, arr(f.path), f.eventTime],
    );
  }

  async saveSession(tx: EntityManager, sessionId: string, day: string, path: readonly string[]): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."volunteer_session" ("session_id", "day", "path") values (?, ?::date, ?::text[]) on conflict ("session_id") do update set "day" = excluded."day", "path" = excluded."path"`,
      [sessionId, day, arr(path)],
    );
  }

  async saveAttendance(tx: EntityManager, sessionId: string, memberId: string, day: string, path: readonly string[]): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."volunteer_attendance" ("session_id", "member_id", "day", "path") values (?, ?, ?::date, ?::text[]) on conflict ("session_id", "member_id") do nothing`,
      [sessionId, memberId, day, arr(path)],
    );
  }

  async saveProjectCreated(tx: EntityManager, projectId: string, nodeCode: string, startDate: string, path: readonly string[]): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."relocation_project" ("project_id", "node_code", "start_date", "path") values (?, ?, ?::date, ?::text[])
       on conflict ("project_id") do update set "node_code" = excluded."node_code", "start_date" = excluded."start_date", "path" = excluded."path"`,
      [projectId, nodeCode, startDate, arr(path)],
    );
  }

  async saveProjectResolved(tx: EntityManager, f: { projectId: string; units: number; buildings: number; households: number; path: string[]; eventTime: string }): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."relocation_project" as p ("project_id", "path", "households", "units", "buildings", "resolved_time") values (?, ?::text[], ?, ?, ?, ?)
       on conflict ("project_id") do update set "households" = excluded."households", "units" = excluded."units", "buildings" = excluded."buildings", "resolved_time" = excluded."resolved_time"
       where p."resolved_time" is null or excluded."resolved_time" >= p."resolved_time"`,
      [f.projectId, arr(f.path), f.households, f.units, f.buildings, f.eventTime],
    );
  }

  async saveStep(tx: EntityManager, householdId: string, projectId: string, rank: number, at: string): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."relocation_step" ("household_id", "project_id", "rank", "at") values (?, ?, ?, ?) on conflict ("household_id", "rank") do update set "at" = excluded."at"`,
      [householdId, projectId, rank, at],
    );
  }

  async saveHoldout(tx: EntityManager, householdId: string, projectId: string, holdout: boolean, eventTime: string): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."relocation_holdout" as h ("household_id", "project_id", "holdout", "event_time") values (?, ?, ?, ?)
       on conflict ("household_id") do update set "holdout" = excluded."holdout", "event_time" = excluded."event_time" where excluded."event_time" >= h."event_time"`,
      [householdId, projectId, holdout, eventTime],
    );
  }

  async saveHelp(tx: EntityManager, helpId: string, projectId: string, state: string, eventTime: string): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."relocation_help" as h ("help_id", "project_id", "state", "event_time") values (?, ?, ?, ?)
       on conflict ("help_id") do update set "state" = excluded."state", "event_time" = excluded."event_time" where excluded."event_time" >= h."event_time"`,
      [helpId, projectId, state, eventTime],
    );
  }

  /** The party and volunteer counts of `node`'s subtree, hours and sessions of the days `from`..`to`. */
  async volunteerCounts(node: string, from: string, to: string): Promise<VolunteerCounts> {
    const em = this.orm.em.fork();
    const at = arr([node]);
    const s = this.s;
    const [units, orgs, members, hours, sessions] = await Promise.all([
      executeBound<{ due: string; formed: string }>(
        em,
        `select count(*) filter (where u."should_have_branch") as "due",
                count(*) filter (where u."should_have_branch" and exists (select 1 from ${s}."volunteer_organisation" o where o."host_unit_id" = u."place_id" and o."status" = 'active')) as "formed"
           from ${s}."volunteer_unit" u where u."path" @> ?::text[]`,
        [at],
      ),
      executeBound<{ kind: string; count: string }>(em, `select "kind", count(*) from ${s}."volunteer_organisation" where "path" @> ?::text[] and "status" = 'active' group by "kind"`, [at]),
      executeBound<{ count: string }>(em, `select count(*) from ${s}."volunteer_member" where "path" @> ?::text[]`, [at]),
      executeBound<{ total: string; members: string; activities: string; cases: string; campaigns: string; relocation: string }>(
        em,
        `select coalesce(sum("hours"), 0)::numeric(12, 2)::text as "total", count(distinct "member_id") as "members", count(distinct "activity_id") as "activities",
                coalesce(sum("hours") filter (where "target_kind" = 'case'), 0)::numeric(12, 2)::text as "cases",
                coalesce(sum("hours") filter (where "target_kind" = 'campaign'), 0)::numeric(12, 2)::text as "campaigns",
                coalesce(sum("hours") filter (where "target_kind" = 'relocation_project'), 0)::numeric(12, 2)::text as "relocation"
           from ${s}."volunteer_hours" where "path" @> ?::text[] and "day" between ?::date and ?::date`,
        [at, from, to],
      ),
      executeBound<{ sessions: string; attendance: string }>(
        em,
        `select (select count(*) from ${s}."volunteer_session" where "path" @> ?::text[] and "day" between ?::date and ?::date) as "sessions",
                (select count(*) from ${s}."volunteer_attendance" where "path" @> ?::text[] and "day" between ?::date and ?::date) as "attendance"`,
        [at, from, to, at, from, to],
      ),
    ]);
    const byKind = new Map(orgs.map((r) => [r.kind, n(r.count)]));
    const [u] = units;
    const [h] = hours;
    const [ss] = sessions;
    return {
      unitsDue: n(u?.due),
      unitsWithBranch: n(u?.formed),
      branches: byKind.get('branch') ?? 0,
      generalBranches: byKind.get('general_branch') ?? 0,
      committees: byKind.get('committee') ?? 0,
      members: n(members[0]?.count),
      hours: {
        total: h?.total ?? '0.00',
        members: n(h?.members),
        activities: n(h?.activities),
        forCases: h?.cases ?? '0.00',
        forCampaigns: h?.campaigns ?? '0.00',
        forRelocation: h?.relocation ?? '0.00',
      },
      sessions: n(ss?.sessions),
      attendance: n(ss?.attendance),
    };
  }

  /**
   * The projects opened in `node`'s subtree, newest start first, with each household counted at
   * its furthest step, and the same by the end of each of `milestoneDays` (day 1 = the start date;
   * a step counts on its day in the working time zone).
   */
  async projectProgress(node: string, milestoneDays: readonly number[]): Promise<ProjectProgressRow[]> {
    const em = this.orm.em.fork();
    const s = this.s;
    const tz = this.env.WORK_TIME_ZONE;
    const projects = await executeBound<{ project_id: string; node_code: string | null; start_date: string | null; households: number; units: number; buildings: number }>(
      em,
      `select "project_id", "node_code", to_char("start_date", 'YYYY-MM-DD') as "start_date", "households", "units", "buildings"
         from ${s}."relocation_project" where "path" @> ?::text[] order by "start_date" desc nulls last, "project_id"`,
      [arr([node])],
    );
    return Promise.all(
      projects.map(async (p) => {
        const [ranks, milestones, other] = await Promise.all([
          executeBound<{ rank: number; count: string }>(
            em,
            `select "rank", count(*) from (select "household_id", max("rank") as "rank" from ${s}."relocation_step" where "project_id" = ? group by "household_id") h group by "rank"`,
            [p.project_id],
          ),
          p.start_date === null
            ? Promise.resolve([])
            : executeBound<{ date: string; signed: string; moved: string; demolished: string }>(
                em,
                `select to_char(d."date", 'YYYY-MM-DD') as "date",
                        count(distinct st."household_id") filter (where st."rank" >= 2) as "signed",
                        count(distinct st."household_id") filter (where st."rank" >= 3) as "moved",
                        count(distinct st."household_id") filter (where st."rank" = 4) as "demolished"
                   from unnest(?::int[]) as m("day")
                   cross join lateral (select ?::date + m."day" - 1 as "date") d
                   left join ${s}."relocation_step" st on st."project_id" = ? and (st."at" at time zone ?)::date <= d."date"
                  group by d."date" order by d."date"`,
                [`{${milestoneDays.join(',')}}`, p.start_date, p.project_id, tz],
              ),
          executeBound<{ holdouts: string; raised: string; open: string }>(
            em,
            `select (select count(*) from ${s}."relocation_holdout" where "project_id" = ? and "holdout") as "holdouts",
                    (select count(*) from ${s}."relocation_help" where "project_id" = ?) as "raised",
                    (select count(*) from ${s}."relocation_help" where "project_id" = ? and "state" <> 'closed') as "open"`,
            [p.project_id, p.project_id, p.project_id],
          ),
        ]);
        const byRank = [0, 0, 0, 0, 0];
        for (const r of ranks) byRank[r.rank] = n(r.count);
        const [o] = other;
        return {
          projectId: p.project_id,
          nodeCode: p.node_code,
          startDate: p.start_date,
          households: p.households,
          units: p.units,
          buildings: p.buildings,
          byRank,
          milestones: milestones.map((m) => ({ date: m.date, signed: n(m.signed), moved: n(m.moved), demolished: n(m.demolished) })),
          holdouts: n(o?.holdouts),
          helpRaised: n(o?.raised),
          helpOpen: n(o?.open),
        };
      }),
    );
  }
}
