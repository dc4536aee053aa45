import type { AssessmentRuleView } from '@citygrid/contracts/reporting';
import { AssessmentFact } from '@citygrid/contracts/reporting';
import type { FindingSeverity } from '@citygrid/contracts/ticketing';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { SCORED_ROLES } from './facts';
import { type NodeFacts, type RuleBody, zeroFacts } from './scoring';

interface RuleRow {
  id: string;
  version: number;
  name: string;
  description: string;
  effective_from: string;
  body: RuleBody;
  created_at: Date | string;
  created_by: string;
}

/** A staff assignment as stored: its ends may be unknown (an event not heard of). */
export interface AssignmentRow {
  assignmentId: string;
  staffId: string;
  staffName: string;
  namedAt: string;
  nodeCode: string;
  role: string;
  assignedAt: string | null;
  unassignedAt: string | null;
}

/** A rule version to store. */
export type NewRule = Omit<AssessmentRuleView, 'version' | 'createdAt'> & { createdAt: Date };

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/** `inspections` fail at this severity or above: the SQL condition on a row of `assessment_inspection`. */
const FAILS: Readonly<Record<FindingSeverity, string>> = {
  high: `i."high" > 0`,
  medium: `i."high" + i."medium" > 0`,
  low: `i."high" + i."medium" + i."low" > 0`,
};

/**
 * Rule versions, the versions quarters were scored with, and the facts assessment reads: flags,
 * inspections and assignments beneath a node, and how recent the data behind a report is.
 */
@Injectable()
export class AssessmentRepository {
  private readonly s: string;

  constructor(
    private readonly orm: MikroORM,
    @Inject(REPORTING_ENV) env: ReportingEnv,
  ) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }

  private static view(r: RuleRow): AssessmentRuleView {
    return {
      id: r.id,
      version: Number(r.version),
      name: r.name,
      description: r.description,
      effectiveFrom: String(r.effective_from),
      indicators: r.body.indicators,
      adjustments: r.body.adjustments,
      failingSeverity: r.body.failingSeverity,
      rewardTop: r.body.rewardTop,
      rewardMinScore: r.body.rewardMinScore,
      penaltyBelowScore: r.body.penaltyBelowScore,
      createdAt: iso(r.created_at) ?? '',
      createdBy: r.created_by,
    };
  }

  private readonly ruleColumns = `"id", "version", "name", "description", to_char("effective_from", 'YYYY-MM-DD') as "effective_from", "body", "created_at", "created_by"`;

  /** Every version, newest first. */
  async rules(): Promise<AssessmentRuleView[]> {
    const rows = await this.em().execute<RuleRow[]>(`select ${this.ruleColumns} from ${this.s}."assessment_rule" order by "version" desc`);
    return rows.map((r) => AssessmentRepository.view(r));
  }

  async ruleByVersion(version: number): Promise<AssessmentRuleView | null> {
    const rows = await this.em().execute<RuleRow[]>(`select ${this.ruleColumns} from ${this.s}."assessment_rule" where "version" = ?`, [version]);
    return rows[0] ? AssessmentRepository.view(rows[0]) : null;
  }

  /** The version in force on `day`: the latest effective date on or before it, the higher version on a tie. */
  async ruleInForce(day: string): Promise<AssessmentRuleView | null> {
    const rows = await this.em().execute<RuleRow[]>(
      `select ${this.ruleColumns} from ${this.s}."assessment_rule" where "effective_from" <= ?::date order by "effective_from" desc, "version" desc limit 1`,
      [day],
    );
    return rows[0] ? AssessmentRepository.view(rows[0]) : null;
  }

  /** Store a new version under the next number (one at a time: the table is locked until `tx` ends). */
  async insertRule(tx: EntityManager, rule: NewRule): Promise<number> {
    await tx.execute(`lock table ${this.s}."assessment_rule" in share row exclusive mode`);
    const rows = await tx.execute<Array<{ version: number }>>(
      `insert into ${this.s}."assessment_rule" ("id", "version", "name", "description", "effective_from", "body", "created_at", "created_by")
       select ?, coalesce(max("version"), 0) + 1, ?, ?, ?::date, ?::jsonb, ?, ? from ${this.s}."assessment_rule"
       returning "version"`,
      [
        rule.id,
        rule.name,
        rule.description,
        rule.effectiveFrom,
        JSON.stringify({
          indicators: rule.indicators,
          adjustments: rule.adjustments,
          failingSeverity: rule.failingSeverity,
          rewardTop: rule.rewardTop,
          rewardMinScore: rule.rewardMinScore,
          penaltyBelowScore: rule.penaltyBelowScore,
        }),
        rule.createdAt,
        rule.createdBy,
      ],
    );
    return Number(rows[0]?.version);
  }

  /** The version a quarter was scored with, and when; null when it was not scored yet. */
  async scoredWith(quarter: string, em: EntityManager = this.em()): Promise<{ version: number; scoredAt: string } | null> {
    const rows = await em.execute<Array<{ rule_version: number; scored_at: Date | string }>>(`select "rule_version", "scored_at" from ${this.s}."assessment_quarter" where "quarter" = ?`, [quarter]);
    const r = rows[0];
    return r ? { version: Number(r.rule_version), scoredAt: iso(r.scored_at) ?? '' } : null;
  }

  /** Record that `quarter` was scored with `version`, unless it was already (the first one stays); the version it keeps. */
  async markScored(quarter: string, version: number): Promise<{ version: number; scoredAt: string }> {
    const em = this.em();
    await em.execute(`insert into ${this.s}."assessment_quarter" ("quarter", "rule_version", "scored_at") values (?, ?, now()) on conflict ("quarter") do nothing`, [quarter, version]);
    const kept = await this.scoredWith(quarter, em);
    if (!kept) throw new Error(`quarter ${quarter} was not recorded as scored`);
    return kept;
  }

  /** Quarters scored already, from `quarter` on (`2013-Q2` and later), in order. */
  async scoredFrom(tx: EntityManager, quarter: string): Promise<string[]> {
    const rows = await tx.execute<Array<{ quarter: string }>>(`select "quarter" from ${this.s}."assessment_quarter" where "quarter" >= ? order by "quarter"`, [quarter]);
    return rows.map((r) => r.quarter);
  }

  /**
   * The facts of each node beneath (and including) `root` over `from`..`to`: flags and
   * inspections count for every node of their path.
   */
  async nodeFacts(root: string, from: string, to: string, failing: FindingSeverity): Promise<Map<string, NodeFacts>> {
    const em = this.em();
    const rootArray = `{${root}}`;
    const [flags, inspections] = await Promise.all([
      em.execute<Array<{ code: string; n: string }>>(
        `select p."code", count(*)::bigint as "n" from ${this.s}."assessment_flag" f, unnest(f."grid_path") as p("code")
         where f."day" between ?::date and ?::date and f."grid_path" @> ?::text[] group by p."code"`,
        [from, to, rootArray],
      ),
      em.execute<Array<{ code: string; inspections: string; failed: string; clean: string; high: string; medium: string; low: string }>>(
        `select p."code", count(*)::bigint as "inspections", (count(*) filter (where ${FAILS[failing]}))::bigint as "failed",
           (count(*) filter (where i."high" + i."medium" + i."low" = 0))::bigint as "clean",
           sum(i."high")::bigint as "high", sum(i."medium")::bigint as "medium", sum(i."low")::bigint as "low"
         from ${this.s}."assessment_inspection" i, unnest(i."grid_path") as p("code")
         where i."day" between ?::date and ?::date and i."grid_path" @> ?::text[] group by p."code"`,
        [from, to, rootArray],
      ),
    ]);
    const out = new Map<string, NodeFacts>();
    const of = (code: string): NodeFacts => {
      let f = out.get(code);
      if (!f) out.set(code, (f = zeroFacts()));
      return f;
    };
    for (const r of flags) of(r.code)[AssessmentFact.SupervisionFlags] = Number(r.n);
    for (const r of inspections) {
      Object.assign(of(r.code), {
        [AssessmentFact.Inspections]: Number(r.inspections),
        [AssessmentFact.InspectionsFailed]: Number(r.failed),
        [AssessmentFact.InspectionsClean]: Number(r.clean),
        [AssessmentFact.HighFindings]: Number(r.high),
        [AssessmentFact.MediumFindings]: Number(r.medium),
        [AssessmentFact.LowFindings]: Number(r.low),
      });
    }
    return out;
  }

  /** Assignments in a scored role to `root` or beneath it, by staff member and node. */
  async assignmentsUnder(root: string): Promise<AssignmentRow[]> {
    const rows = await this.em().execute<
      Array<{
        assignment_id: string;
        staff_id: string;
        staff_name: string;
        named_at: Date | string;
        node_code: string;
        role: string;
        assigned_at: Date | string | null;
        unassigned_at: Date | string | null;
      }>
    >(
      `select "assignment_id", "staff_id", "staff_name", "named_at", "node_code", "role", "assigned_at", "unassigned_at" from ${this.s}."assessment_staff_assignment"
       where "path" @> ?::text[] and "role" in (select jsonb_array_elements_text(?::jsonb)) order by "staff_id", "node_code", "assignment_id"`,
      [`{${root}}`, JSON.stringify(SCORED_ROLES)],
    );
    return rows.map((r) => ({
      assignmentId: r.assignment_id,
      staffId: r.staff_id,
      staffName: r.staff_name,
      namedAt: iso(r.named_at) ?? '',
      nodeCode: r.node_code,
      role: r.role,
      assignedAt: iso(r.assigned_at),
      unassignedAt: iso(r.unassigned_at),
    }));
  }

  /**
   * The latest time of the case facts beneath `root` (reported, filed, rejected, dispatched,
   * closed), from the KPI read models: what a KPI export prints as its time. Null for none.
   */
  async caseDataAsOf(root: string): Promise<string | null> {
    const rows = await this.em().execute<Array<{ at: Date | string | null }>>(
      `select max(greatest("reported_at", "filed_at", "rejected_at", "dispatched_at", "closed_at")) as "at" from ${this.s}."case_fact" where "grid_path" @> ?::text[]`,
      [`{${root}}`],
    );
    return iso(rows[0]?.at ?? null);
  }

  /** The latest time of the flags, inspections and assignment changes beneath `root`; null for none. */
  async factsDataAsOf(root: string): Promise<string | null> {
    const rows = await this.em().execute<Array<{ at: Date | string | null }>>(
      `select greatest(
         (select max("flagged_at") from ${this.s}."assessment_flag" where "grid_path" @> ?::text[]),
         (select max("recorded_at") from ${this.s}."assessment_inspection" where "grid_path" @> ?::text[]),
         (select max(greatest("assigned_at", "unassigned_at")) from ${this.s}."assessment_staff_assignment" where "path" @> ?::text[])
       ) as "at"`,
      [`{${root}}`, `{${root}}`, `{${root}}`],
    );
    return iso(rows[0]?.at ?? null);
  }
}
