import { Migration } from '@mikro-orm/migrations';

/**
 * Quantified assessment 量化考核:
 *
 * - `assessment_rule`: the rule versions (indicators, bonus and penalty items, outcomes as JSON),
 *   each in force from the first day of a quarter; version 1, the default, is seeded here;
 * - `assessment_quarter`: the version an ended quarter was first scored with, which it keeps;
 * - `assessment_flag`, `assessment_inspection`: supervision flags and inspections, from
 *   ticketing's supervision events (the facts bonus and penalty items count);
 * - `assessment_staff_assignment`: who was assigned where and when, from grid-registry's staff
 *   events (the nodes a staff member is scored by).
 *
 * Frozen SQL: the seeded rule is text, not built from any code that could change.
 */
export class Migration20261204000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."assessment_rule" (
      "id" uuid primary key,
      "version" int not null constraint "assessment_rule_version_key" unique check ("version" >= 1),
      "name" text not null,
      "description" text not null default '',
      "effective_from" date not null check (extract(day from "effective_from") = 1 and extract(month from "effective_from") in (1, 4, 7, 10)),
      "body" jsonb not null,
      "created_at" timestamptz not null,
      "created_by" text not null
    )`);
    this.addSql(`create index "assessment_rule_effective_idx" on "${s}"."assessment_rule" ("effective_from" desc, "version" desc)`);
    this.addSql(`create table "${s}"."assessment_quarter" (
      "quarter" text primary key check ("quarter" ~ '^[0-9]{4}-Q[1-4]$'),
      "rule_version" int not null references "${s}"."assessment_rule" ("version"),
      "scored_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."assessment_flag" (
      "flag_id" uuid primary key,
      "case_id" uuid not null,
      "grid_path" text[] not null,
      "flagged_at" timestamptz not null,
      "day" date not null
    )`);
    this.addSql(`create index "assessment_flag_day_idx" on "${s}"."assessment_flag" ("day")`);
    this.addSql(`create table "${s}"."assessment_inspection" (
      "inspection_id" uuid primary key,
      "grid_path" text[] not null,
      "recorded_at" timestamptz not null,
      "day" date not null,
      "low" int not null check ("low" >= 0),
      "medium" int not null check ("medium" >= 0),
      "high" int not null check ("high" >= 0)
    )`);
    this.addSql(`create index "assessment_inspection_day_idx" on "${s}"."assessment_inspection" ("day")`);
    this.addSql(`create table "${s}"."assessment_staff_assignment" (
      "assignment_id" uuid primary key,
      "staff_id" uuid not null,
      "staff_name" text not null,
      "named_at" timestamptz not null,
      "node_code" text not null,
      "path" text[] not null,
      "role" text not null,
      "assigned_at" timestamptz null,
      "unassigned_at" timestamptz null
    )`);
    this.addSql(`create index "assessment_staff_assignment_path_idx" on "${s}"."assessment_staff_assignment" using gin ("path")`);
    this.addSql(`insert into "${s}"."assessment_rule" ("id", "version", "name", "description", "effective_from", "body", "created_at", "created_by") values (
      '6b1f3c1e-2d4a-4c8e-9a57-1f0c2b3d4e51', 1, 'CityGrid 默认考核细则',
      'The default: 办结率 30, 按期结案率 25, 返工率 15, 巡查覆盖率 20, 平均结案时长 10; 被督办 −1 each (at most −10), 督查不合格 −3 each (at most −15), 督查无问题 +1 each (at most +3), 重新打开 −0.5 each (at most −5); rewarded within the first 3 of a ranking at 90 or more, penalised below 60. Replace it with a version of your own from any quarter on.',
      date '2000-01-01',
      '{"indicators": [
        {"key": "closureRate", "weight": "30", "direction": "higher", "scale": "linear", "best": "100", "worst": "80", "whenMissing": "full"},
        {"key": "onTimeRate", "weight": "25", "direction": "higher", "scale": "bands", "bands": [{"threshold": "95", "score": "100"}, {"threshold": "90", "score": "80"}, {"threshold": "80", "score": "50"}], "whenMissing": "full"},
        {"key": "reworkRate", "weight": "15", "direction": "lower", "scale": "linear", "best": "0", "worst": "20", "whenMissing": "full"},
        {"key": "patrolCoverage", "weight": "20", "direction": "higher", "scale": "linear", "best": "100", "worst": "60", "whenMissing": "zero"},
        {"key": "avgHoursToClose", "weight": "10", "direction": "lower", "scale": "bands", "bands": [{"threshold": "24", "score": "100"}, {"threshold": "48", "score": "80"}, {"threshold": "72", "score": "50"}, {"threshold": "168", "score": "20"}], "whenMissing": "full"}
      ],
      "adjustments": [
        {"fact": "supervisionFlags", "label": "被督办", "points": "-1", "cap": "10"},
        {"fact": "inspectionsFailed", "label": "督查不合格", "points": "-3", "cap": "15"},
        {"fact": "inspectionsClean", "label": "督查无问题", "points": "1", "cap": "3"},
        {"fact": "reopened", "label": "结案后重新打开", "points": "-0.5", "cap": "5"}
      ],
      "failingSeverity": "high",
      "rewardTop": 3,
      "rewardMinScore": "90",
      "penaltyBelowScore": "60"}'::jsonb,
      timestamptz '2026-12-04T00:00:00Z', 'system'
    )`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    for (const t of ['assessment_staff_assignment', 'assessment_inspection', 'assessment_flag', 'assessment_quarter', 'assessment_rule']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'reporting';
  }
}
