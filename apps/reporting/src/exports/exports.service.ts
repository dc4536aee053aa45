import type { Caller } from '@citygrid/contracts/identity';
import {
  AssessmentExportFormat,
  type AssessmentExportRequest,
  type ExportFileView,
  type KpiExportRequest,
  KpiGroupBy,
  type KpiReportView,
  MAX_KPI_DAY_ROWS,
  RankingOf,
  type RankingExportRequest,
  SheetFormat,
} from '@citygrid/contracts/reporting';
import { Injectable } from '@nestjs/common';

import { AssessmentRepository } from '../assessment/assessment.repository';
import { AssessmentService } from '../assessment/assessment.service';
import { KpisService } from '../kpis/kpis.service';
import { queryRange } from '../kpis/periods';
import { ReportingException } from '../shared/reporting.exception';
import { daysBetween } from '../shared/work-day';
import { assessmentFile, rankingFile } from './assessment-tables';
import { toCsv } from './csv';
import { toHtml } from './html-report';
import { kpiReportFile } from './kpi-tables';
import { fileNamePart, type ReportFile } from './report-file';
import { toXlsx } from './xlsx';

const CONTENT_TYPES: Readonly<Record<AssessmentExportFormat, string>> = {
  [AssessmentExportFormat.Csv]: 'text/csv; charset=utf-8',
  [AssessmentExportFormat.Xlsx]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  [AssessmentExportFormat.Html]: 'text/html; charset=utf-8',
};

/** Every grouping a workbook of a period holds when none is asked for (day rows only up to a year). */
function allGroupings(days: number): KpiGroupBy[] {
  return [KpiGroupBy.Child, KpiGroupBy.Category, KpiGroupBy.Month, ...(days <= MAX_KPI_DAY_ROWS ? [KpiGroupBy.Day] : [])];
}

/**
 * Reports as files, read through the same services as the JSON answers (so with the same scope
 * checks: 404 beside the caller's subtree). Their only date is the data's (`dataAsOf`), their
 * rows come in a fixed order, so the same figures give the same bytes, after a rebuild too.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly kpis: KpisService,
    private readonly assessments: AssessmentService,
    private readonly repo: AssessmentRepository,
  ) {}

  /** The KPIs: totals, and the rows of `groupBy` (CSV and XLSX), or of every grouping (XLSX without `groupBy`). */
  async kpiFile(caller: Caller, req: KpiExportRequest): Promise<ExportFileView> {
    const { format, ...q } = req;
    const range = queryRange(q);
    if (Array.isArray(range)) throw ReportingException.invalid(range);
    const groupings = q.groupBy ? [q.groupBy] : format === SheetFormat.Xlsx ? allGroupings(daysBetween(range.from, range.to)) : [];
    // the first query checks the caller's scope before anything else is read
    const first = await this.kpis.query(caller, { ...q, groupBy: groupings[0] });
    const reports: Array<{ groupBy: KpiGroupBy; report: KpiReportView }> = [];
    for (const [i, groupBy] of groupings.entries()) reports.push({ groupBy, report: i === 0 ? first : await this.kpis.query(caller, { ...q, groupBy }) });
    const file = kpiReportFile(first, reports, await this.repo.caseDataAsOf(first.node.code));
    const name = ['kpis', first.node.code, first.period.label ?? `${first.period.from}_${first.period.to}`, first.category, q.groupBy]
      .filter((p): p is string => !!p)
      .map(fileNamePart)
      .join('-');
    return this.write(file, format, name);
  }

  /** A quarter's assessment: CSV (one table), XLSX (a sheet per kind) or the printable HTML report. */
  async assessmentFile(caller: Caller, req: AssessmentExportRequest): Promise<ExportFileView> {
    const a = await this.assessments.assess(caller, req);
    const file = assessmentFile(this.assessments.reportOf(a), a.rule.rule, req.format === AssessmentExportFormat.Csv);
    const name = [req.format === AssessmentExportFormat.Html ? 'assessment-report' : 'assessment', a.header.node.code, req.quarter].map(fileNamePart).join('-');
    return this.write(file, req.format, name);
  }

  /** One ranking: CSV or XLSX. */
  async rankingFile(caller: Caller, req: RankingExportRequest): Promise<ExportFileView> {
    const a = await this.assessments.assess(caller, req);
    const of = req.of ?? RankingOf.Children;
    const file = rankingFile(this.assessments.rankingOf(a, of), a.rule.rule);
    return this.write(file, req.format, ['ranking', a.header.node.code, req.quarter, of].map(fileNamePart).join('-'));
  }

  private async write(file: ReportFile, format: SheetFormat | AssessmentExportFormat, name: string): Promise<ExportFileView> {
    const bytes = format === AssessmentExportFormat.Html ? toHtml(file) : format === SheetFormat.Xlsx ? await toXlsx(file) : toCsv(file);
    return { filename: `${name}.${format}`, contentType: CONTENT_TYPES[format], base64: bytes.toString('base64') };
  }
}
