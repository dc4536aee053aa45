import { executeBound } from '@citygrid/persistence';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import type { CoverageFact, EnrolmentFact, LectureFact, PlacementFact, ServiceRequestFact, TargetFact } from './livelihood-facts';

/** The tables of the livelihood facts, emptied and refilled by a rebuild. */
export const LIVELIHOOD_TABLES = ['livelihood_placement', 'livelihood_target', 'livelihood_coverage', 'livelihood_lecture', 'livelihood_enrolment', 'livelihood_service_request'] as const;

/** Counts of one node's subtree and year, as read (the service turns them into rates). */
export interface LivelihoodCounts {
  placements: number;
  byKind: Record<string, number>;
  byCategory: Record<string, number>;
  /** The node's own target for the year, or null. */
  ownTarget: number | null;
  /** The sum of its children's targets (0 when none has one). */
  childrenTarget: number;
  households: number;
  covered: number;
  grids: number;
  gridsCovered: number;
  lectures: number;
  lectureAttendance: number;
  enrolment: { received: number; placed: number; refused: number; open: number; overdue: number };
  services: Array<{ centre: string; received: number; closed: number; closedOnTime: number; asked: number; satisfied: number }>;
}

const n = (v: unknown): number => Number(v ?? 0);
const arr = (path: readonly string[]): string => `{${path.join(',')}}`;

/**
 * The writes of the livelihood facts, on the transaction of the consumer's inbox row, each
 * order-independent (a placement's cancellation wins whenever it comes, a grid keeps its latest
 * coverage, a request its latest event by time); and the counts read from them.
 */
@Injectable()
export class LivelihoodRepository {
  private readonly s: string;

  constructor(
    private readonly orm: MikroORM,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  async savePlacement(tx: EntityManager, f: PlacementFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."livelihood_placement" as p ("placement_id", "day", "kind", "categories", "path", "cancelled") values (?, ?::date, ?, ?::text[], ?::text[], ?)
       on conflict ("placement_id") do update set "cancelled" = p."cancelled" or excluded."cancelled"`,
      [f.placementId, f.day, f.kind, arr(f.categories), arr(f.path), f.cancelled],
    );
  }

  async saveTarget(tx: EntityManager, f: TargetFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."livelihood_target" ("node_code", "year", "path", "target") values (?, ?, ?::text[], ?)
       on conflict ("node_code", "year") do update set "target" = excluded."target", "path" = excluded."path"`,
      [f.nodeCode, f.year, arr(f.path), f.target],
    );
  }

  async saveCoverage(tx: EntityManager, f: CoverageFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."livelihood_coverage" as c ("grid_code", "path", "households", "covered", "computed_at") values (?, ?::text[], ?, ?, ?)
       on conflict ("grid_code") do update set "path" = excluded."path", "households" = excluded."households", "covered" = excluded."covered", "computed_at" = excluded."computed_at"
       where excluded."computed_at" >= c."computed_at"`,
      [f.gridCode, arr(f.path), f.households, f.covered, f.computedAt],
    );
  }

  async saveLecture(tx: EntityManager, f: LectureFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."livelihood_lecture" ("lecture_id", "day", "attendance", "path") values (?, ?::date, ?, ?::text[])
       on conflict ("lecture_id") do update set "day" = excluded."day", "attendance" = excluded."attendance", "path" = excluded."path"`,
      [f.lectureId, f.day, f.attendance, arr(f.path)],
    );
  }

  async saveEnrolment(tx: EntityManager, f: EnrolmentFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."livelihood_enrolment" as r ("request_id", "state", "received_at", "settled_at", "deadline", "path", "event_time") values (?, ?, ?, ?, ?, ?::text[], ?)
       on conflict ("request_id") do update set "state" = excluded."state", "settled_at" = excluded."settled_at", "deadline" = excluded."deadline", "path" = excluded."path", "event_time" = excluded."event_time"
       where excluded."event_time" >= r."event_time"`,
      [f.requestId, f.state, f.receivedAt, f.settledAt, f.deadline, arr(f.path), f.eventTime],
    );
  }

  async saveServiceRequest(tx: EntityManager, f: ServiceRequestFact): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."livelihood_service_request" as r ("request_id", "centre", "state", "received_at", "due_at", "closed_at", "satisfaction", "path", "event_time") values (?, ?, ?, ?, ?, ?, ?, ?::text[], ?)
       on conflict ("request_id") do update set "state" = excluded."state", "due_at" = excluded."due_at", "closed_at" = excluded."closed_at", "satisfaction" = excluded."satisfaction",
         "path" = excluded."path", "event_time" = excluded."event_time"
       where excluded."event_time" >= r."event_time"`,
      [f.requestId, f.centre, f.state, f.receivedAt, f.dueAt, f.closedAt, f.satisfaction, arr(f.path), f.eventTime],
    );
  }

  /** Every count of `node`'s subtree for `year` (days of the working time zone). */
  async counts(node: string, year: number, now: Date): Promise<LivelihoodCounts> {
    const em = this.orm.em.fork();
    const [from, to] = [`${year}-01-01`, `${year}-12-31`];
    const tz = this.env.WORK_TIME_ZONE;
    const inYear = (col: string) => `(${col} at time zone '${tz.replace(/'/g, "''")}')::date between ?::date and ?::date`;
    const under = `"path" @> ?::text[]`;
    const at = arr([node]);
    const [kinds, categories, targets, coverage, lectures, enrolment, services] = await Promise.all([
      executeBound<{ kind: string; count: string }>(
        em,
        `select "kind", count(*) from ${this.s}."livelihood_placement" where ${under} and not "cancelled" and "day" between ?::date and ?::date group by "kind"`,
        [at, from, to],
      ),
      executeBound<{ category: string; count: string }>(
        em,
        `select c as "category", count(*) from ${this.s}."livelihood_placement", unnest("categories") as c where ${under} and not "cancelled" and "day" between ?::date and ?::date group by c`,
        [at, from, to],
      ),
      executeBound<{ own: string | null; children: string | null }>(
        em,
        `select (select "target" from ${this.s}."livelihood_target" where "node_code" = ? and "year" = ? and "target" > 0) as "own",
                (select sum("target") from ${this.s}."livelihood_target" where "path"[cardinality("path") - 1] = ? and "year" = ?) as "children"`,
        [node, year, node, year],
      ),
      executeBound<{ households: string | null; covered: string | null; grids: string; full: string }>(
        em,
        `select sum("households") as "households", sum("covered") as "covered", count(*) as "grids", count(*) filter (where "covered" = "households") as "full" from ${this.s}."livelihood_coverage" where ${under}`,
        [at],
      ),
      executeBound<{ count: string; attendance: string | null }>(
        em,
        `select count(*), sum("attendance") as "attendance" from ${this.s}."livelihood_lecture" where ${under} and "day" between ?::date and ?::date`,
        [at, from, to],
      ),
      executeBound<{ received: string; placed: string; refused: string; open: string; overdue: string }>(
        em,
        `select count(*) filter (where ${inYear('"received_at"')}) as "received",
                count(*) filter (where "state" = 'placed' and ${inYear('"settled_at"')}) as "placed",
                count(*) filter (where "state" = 'refused' and ${inYear('"settled_at"')}) as "refused",
                count(*) filter (where "state" not in ('placed', 'refused')) as "open",
                count(*) filter (where "state" not in ('placed', 'refused') and "deadline" < ?) as "overdue"
           from ${this.s}."livelihood_enrolment" where ${under}`,
        [from, to, from, to, from, to, now, at],
      ),
      executeBound<{ centre: string; received: string; closed: string; on_time: string; asked: string; satisfied: string }>(
        em,
        `select "centre", count(*) filter (where ${inYear('"received_at"')}) as "received",
                count(*) filter (where "state" = 'closed' and ${inYear('"closed_at"')}) as "closed",
                count(*) filter (where "state" = 'closed' and ${inYear('"closed_at"')} and ("due_at" is null or "closed_at" <= "due_at")) as "on_time",
                count(*) filter (where "state" = 'closed' and ${inYear('"closed_at"')} and "satisfaction" is not null) as "asked",
                count(*) filter (where "state" = 'closed' and ${inYear('"closed_at"')} and "satisfaction" in ('satisfied', 'basically_satisfied')) as "satisfied"
           from ${this.s}."livelihood_service_request" where ${under} group by "centre" order by "centre"`,
        [from, to, from, to, from, to, from, to, from, to, at],
      ),
    ]);
    const byKind = Object.fromEntries(kinds.map((r) => [r.kind, n(r.count)]));
    const [t] = targets;
    const [c] = coverage;
    const [l] = lectures;
    const [e] = enrolment;
    return {
      placements: kinds.reduce((sum, r) => sum + n(r.count), 0),
      byKind,
      byCategory: Object.fromEntries(categories.map((r) => [r.category, n(r.count)])),
      ownTarget: t?.own === null || t?.own === undefined ? null : n(t.own),
      childrenTarget: n(t?.children),
      households: n(c?.households),
      covered: n(c?.covered),
      grids: n(c?.grids),
      gridsCovered: n(c?.full),
      lectures: n(l?.count),
      lectureAttendance: n(l?.attendance),
      enrolment: { received: n(e?.received), placed: n(e?.placed), refused: n(e?.refused), open: n(e?.open), overdue: n(e?.overdue) },
      services: services.map((r) => ({ centre: r.centre, received: n(r.received), closed: n(r.closed), closedOnTime: n(r.on_time), asked: n(r.asked), satisfied: n(r.satisfied) })),
    };
  }
}
