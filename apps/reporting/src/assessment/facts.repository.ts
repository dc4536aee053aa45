import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import type { AssignmentFact, FlagFact, InspectionFact } from './facts';

/** The tables of the facts, emptied and refilled by a rebuild. */
export const ASSESSMENT_FACT_TABLES = ['assessment_flag', 'assessment_inspection', 'assessment_staff_assignment'] as const;

/**
 * The writes of the assessment facts, on the transaction of the consumer's inbox row. Each is
 * order-independent: flags and inspections never change, and an assignment's two ends may come in
 * either order (its name is the one of the latest event).
 */
@Injectable()
export class AssessmentFactsRepository {
  private readonly s: string;

  constructor(@Inject(REPORTING_ENV) env: ReportingEnv) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  async saveFlag(tx: EntityManager, f: FlagFact): Promise<void> {
    await tx.execute(`insert into ${this.s}."assessment_flag" ("flag_id", "case_id", "grid_path", "flagged_at", "day") values (?, ?, ?::text[], ?, ?::date) on conflict ("flag_id") do nothing`, [
      f.flagId,
      f.caseId,
      `{${f.gridPath.join(',')}}`,
      f.flaggedAt,
      f.day,
    ]);
  }

  async saveInspection(tx: EntityManager, f: InspectionFact): Promise<void> {
    await tx.execute(
      `insert into ${this.s}."assessment_inspection" ("inspection_id", "grid_path", "recorded_at", "day", "low", "medium", "high") values (?, ?::text[], ?, ?::date, ?, ?, ?)
       on conflict ("inspection_id") do nothing`,
      [f.inspectionId, `{${f.gridPath.join(',')}}`, f.recordedAt, f.day, f.low, f.medium, f.high],
    );
  }

  async applyAssignment(tx: EntityManager, f: AssignmentFact): Promise<void> {
    const end = f.change === 'assigned' ? '"assigned_at"' : '"unassigned_at"';
    await tx.execute(
      `insert into ${this.s}."assessment_staff_assignment" as a ("assignment_id", "staff_id", "staff_name", "named_at", "node_code", "path", "role", ${end})
       values (?, ?, ?, ?, ?, ?::text[], ?, ?)
       on conflict ("assignment_id") do update set ${end} = excluded.${end},
         "staff_name" = case when excluded."named_at" >= a."named_at" then excluded."staff_name" else a."staff_name" end,
         "named_at" = greatest(a."named_at", excluded."named_at")`,
      [f.assignmentId, f.staffId, f.staffName, f.at, f.nodeCode, `{${f.path.join(',')}}`, f.role, f.at],
    );
  }
}
