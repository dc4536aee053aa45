/**
 * Exports of reporting's reports: the KPIs, the assessments and the rankings as CSV and XLSX, and
 * the quarterly assessment report as printable HTML. The output is a function of the figures alone
 * (its dates are the data's, its rows in a fixed order), so the same figures give the same bytes,
 * after a rebuild of the read models too.
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';

import type { RpcDefinition } from '../common/rpc';
import { AssessmentQuery, RankingQuery } from './assessment';
import { KpiQuery } from './kpis';

/** A spreadsheet format. */
export enum SheetFormat {
  /** RFC 4180 CSV, UTF-8 with a byte-order mark (so that spreadsheet programs read the Chinese headers), CRLF line ends. */
  Csv = 'csv',
  /** Office Open XML workbook (`.xlsx`), one sheet per grouping. */
  Xlsx = 'xlsx',
}

/** A format of the assessment report: a spreadsheet, or the printable HTML page. */
export enum AssessmentExportFormat {
  /** RFC 4180 CSV: every score in one table. */
  Csv = 'csv',
  /** Workbook: one sheet per kind of subject, the reward and penalty list, and the rule. */
  Xlsx = 'xlsx',
  /** The printable quarterly report 季度考核报告 (HTML with print styles, A4). */
  Html = 'html',
}

/** `GET /api/v1/reports/kpis.csv|.xlsx`: the KPI report as a file. */
export class KpiExportRequest extends KpiQuery {
  /** `csv` (the totals, and the rows of `groupBy`) or `xlsx` (the totals and a sheet per grouping: the one of `groupBy`, or every one without it). */
  @ApiProperty({ enum: SheetFormat, enumName: 'SheetFormat' })
  @IsEnum(SheetFormat, { message: `format must be one of: ${Object.values(SheetFormat).join(', ')}` })
  format!: SheetFormat;
}

/** `GET /api/v1/reports/assessments.csv|.xlsx` and `…/assessments/report.html`: a quarter's assessment as a file. */
export class AssessmentExportRequest extends AssessmentQuery {
  /** `csv`, `xlsx` or `html`. */
  @ApiProperty({ enum: AssessmentExportFormat, enumName: 'AssessmentExportFormat' })
  @IsEnum(AssessmentExportFormat, { message: `format must be one of: ${Object.values(AssessmentExportFormat).join(', ')}` })
  format!: AssessmentExportFormat;
}

/** `GET /api/v1/reports/assessments/rankings.csv|.xlsx`: one ranking as a file. */
export class RankingExportRequest extends RankingQuery {
  /** `csv` or `xlsx`. */
  @ApiProperty({ enum: SheetFormat, enumName: 'SheetFormat' })
  @IsEnum(SheetFormat, { message: `format must be one of: ${Object.values(SheetFormat).join(', ')}` })
  format!: SheetFormat;
}

/** A file, as it travels over NATS (the gateway sends its bytes with its type and name). */
export class ExportFileView {
  /** File name for `Content-Disposition` (ASCII: `kpis-410102005-2013-Q1.xlsx`). */
  @ApiProperty({ example: 'kpis-410102005-2013-Q1.xlsx' }) filename!: string;
  /** Media type (`text/csv; charset=utf-8`, `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, `text/html; charset=utf-8`). */
  @ApiProperty() contentType!: string;
  /** The bytes, base64. */
  @ApiProperty() base64!: string;
}

/** RPC patterns of the exports (reporting). */
export const ExportRpc = {
  kpis: 'reporting.export.kpis',
  assessments: 'reporting.export.assessments',
  rankings: 'reporting.export.rankings',
} as const;

/** Typed map: pattern → request payload and response. */
export type ExportRpcMap = {
  'reporting.export.kpis': RpcDefinition<KpiExportRequest, ExportFileView>;
  'reporting.export.assessments': RpcDefinition<AssessmentExportRequest, ExportFileView>;
  'reporting.export.rankings': RpcDefinition<RankingExportRequest, ExportFileView>;
};
