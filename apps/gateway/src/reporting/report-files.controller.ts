import { AssessmentExportFormat, AssessmentQuery, type ExportFileView, ExportRpc, KpiQuery, RankingQuery, SheetFormat } from '@citygrid/contracts/reporting';
import { RpcClient } from '@citygrid/service-kit';
import { applyDecorators, Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ApiProblems, Calls } from '../shared/http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Document a file answer of these media types. */
function ApiFile(...types: string[]): MethodDecorator {
  return applyDecorators(
    ApiProduces(...types),
    ApiOkResponse({
      description: 'The file, with `Content-Disposition` naming it.',
      content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: t === XLSX ? 'binary' : undefined } }])),
    }),
  );
}

const FILES =
  'Chinese headers, a header block (node, period, rule version, and the time of the newest fact behind the figures, its only date), numbers as numbers; rows in a fixed order, so the same figures give the same bytes (after a rebuild of the read models too). Same scope and errors as the JSON answer.';

/**
 * Every report as a file: the KPIs, assessments and rankings as CSV (UTF-8 with a byte-order
 * mark) and XLSX, and the quarterly assessment as a printable HTML page.
 */
@ApiTags('Reports')
@Controller('reports')
export class ReportFilesController {
  constructor(private readonly reporting: RpcClient) {}

  @Get('kpis.csv')
  @ApiOperation({
    summary: 'The KPIs as CSV: the totals, and the rows of `groupBy` when given',
    description: `The query of \`GET /api/v1/reports/kpis\`. ${FILES} \`overdueNow\` is left out (a reading of the moment, not of the period).`,
  })
  @ApiFile('text/csv')
  @ApiProblems(400, 404)
  @Calls(ExportRpc.kpis)
  async kpisCsv(@Query() q: KpiQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.kpis, { ...q, format: SheetFormat.Csv }));
  }

  @Get('kpis.xlsx')
  @ApiOperation({
    summary: 'The KPIs as a workbook: the totals and a sheet per grouping (the one of `groupBy`, or every one without it)',
    description: `The query of \`GET /api/v1/reports/kpis\`. ${FILES}`,
  })
  @ApiFile(XLSX)
  @ApiProblems(400, 404)
  @Calls(ExportRpc.kpis)
  async kpisXlsx(@Query() q: KpiQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.kpis, { ...q, format: SheetFormat.Xlsx }));
  }

  @Get('assessments.csv')
  @ApiOperation({ summary: 'The quarterly assessment as CSV: every score in one table, the reward and penalty list, the rule version', description: FILES })
  @ApiFile('text/csv')
  @ApiProblems(400, 404, 422)
  @Calls(ExportRpc.assessments)
  async assessmentsCsv(@Query() q: AssessmentQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.assessments, { ...q, format: AssessmentExportFormat.Csv }));
  }

  @Get('assessments.xlsx')
  @ApiOperation({ summary: 'The quarterly assessment as a workbook: a sheet per kind of node, the staff, the reward and penalty list, the rule version', description: FILES })
  @ApiFile(XLSX)
  @ApiProblems(400, 404, 422)
  @Calls(ExportRpc.assessments)
  async assessmentsXlsx(@Query() q: AssessmentQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.assessments, { ...q, format: AssessmentExportFormat.Xlsx }));
  }

  @Get('assessments/report.html')
  @ApiOperation({
    summary: 'The printable quarterly assessment report 季度考核报告 (HTML for A4 landscape: print it, or save it as PDF from the browser)',
    description: `Self-contained: no script, no outside resource. ${FILES}`,
  })
  @ApiFile('text/html')
  @ApiProblems(400, 404, 422)
  @Calls(ExportRpc.assessments)
  async report(@Query() q: AssessmentQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.assessments, { ...q, format: AssessmentExportFormat.Html }), 'inline');
  }

  @Get('assessments/rankings.csv')
  @ApiOperation({ summary: 'One ranking of a quarter as CSV', description: FILES })
  @ApiFile('text/csv')
  @ApiProblems(400, 404, 422)
  @Calls(ExportRpc.rankings)
  async rankingsCsv(@Query() q: RankingQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.rankings, { ...q, format: SheetFormat.Csv }));
  }

  @Get('assessments/rankings.xlsx')
  @ApiOperation({ summary: 'One ranking of a quarter as a workbook', description: FILES })
  @ApiFile(XLSX)
  @ApiProblems(400, 404, 422)
  @Calls(ExportRpc.rankings)
  async rankingsXlsx(@Query() q: RankingQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(res, await this.reporting.send(ExportRpc.rankings, { ...q, format: SheetFormat.Xlsx }));
  }
}

/** The file's bytes with its type and name; a page shown in place runs nothing and fetches nothing. */
function send(res: Response, file: ExportFileView, disposition: 'attachment' | 'inline' = 'attachment'): StreamableFile {
  const bytes = Buffer.from(file.base64, 'base64');
  res.setHeader('Cache-Control', 'private, no-store');
  if (disposition === 'inline') res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  // the name is ASCII (codes and labels only), so it needs no encoding
  return new StreamableFile(bytes, { type: file.contentType, disposition: `${disposition}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`, length: bytes.length });
}
