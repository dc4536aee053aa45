import {
  KpiDashboardQuery,
  KpiDashboardView,
  KpiDefinitionView,
  KpiQuery,
  KpiReportView,
  LivelihoodQuery,
  LivelihoodReportView,
  RebuildView,
  RelocationProgressQuery,
  RelocationProgressView,
  ReportingRpc,
  VolunteerFiguresQuery,
  VolunteerFiguresView,
} from '@citygrid/contracts/reporting';
import { RpcClient } from '@citygrid/service-kit';
import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ApiProblems, Calls } from '../shared/http';
import { LiveKpis } from './live-kpis';

const SCOPE =
  'Your own subtree only: a node beside or above it answers 404, as one that does not exist. Department officers get 403 (the figures count every case of the area, more than the cases of their department); API clients need `cases:read` and see their node scope.';

/**
 * The figures every level is judged by, built by reporting from the events alone and read from
 * its rollups: cases found, filed, closed (on time), reworked, escalated, reopened, open, the
 * rates between them, hours to close, patrol coverage and visits.
 */
@ApiTags('Reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reporting: RpcClient,
    private readonly live: LiveKpis,
  ) {}

  @Get('kpi-definitions')
  @ApiOperation({ summary: 'Every KPI: its stable key, Chinese and English name, and formula (naming the day a case counts on)' })
  @ApiOkResponse({ type: [KpiDefinitionView] })
  @ApiProblems()
  @Calls(ReportingRpc.kpiDefinitions)
  definitions(): Promise<KpiDefinitionView[]> {
    return this.reporting.send(ReportingRpc.kpiDefinitions, {});
  }

  @Get('kpis')
  @ApiOperation({
    summary: 'The KPIs of a node, a period and optionally a category, with one row per child node, category, day or month',
    description:
      'The period is `from`..`to` (both days included) or a named `period` (`2013`, `2013-Q1`, `2013-04`, `2013-W05`), in days of the working time zone (`period.timeZone`). ' +
      'Counts cover the node and everything beneath it (the five levels and the three grid levels) and the category and every category beneath it (`CM` takes `CM05`). ' +
      'Rates are exact fractions (`numerator`, `denominator`) with `percent` rounded half-up to 2 places as a decimal string (`"99.22"`). ' +
      '`rebuilding: true` while the read models are being rebuilt (the figures are then partial). ' +
      `${SCOPE} Bad input: 400 naming each field (\`period\` excludes \`from\` and \`to\`; at most 3,660 days, and 366 day rows).`,
  })
  @ApiOkResponse({ type: KpiReportView })
  @ApiProblems(400, 404)
  @Calls(ReportingRpc.kpiQuery)
  kpis(@Query() q: KpiQuery): Promise<KpiReportView> {
    return this.reporting.send(ReportingRpc.kpiQuery, q);
  }

  @Get('livelihood')
  @ApiOperation({
    summary: 'The livelihood figures 网格惠民 of a node for a year, with one row per child node',
    description:
      'Built from the events of employment, health, schooling and community-services alone. New urban jobs 新增就业: placements of the year in the subtree against the node’s target (its own, else the sum of its children’s), `percent` rounded half-up to 2 places (2,602 of 2,580 → `"100.85"`). ' +
      'Health: the latest 15-minute coverage of each grid (households and grids covered) and the year’s lectures. Schooling: enrolment help requests received, placed, refused in the year, open and overdue now. Services: requests to the centres received and closed in the year, closed on time, satisfied; and per centre. ' +
      `${SCOPE} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: LivelihoodReportView })
  @ApiProblems(400, 404)
  @Calls(ReportingRpc.livelihood)
  livelihood(@Query() q: LivelihoodQuery): Promise<LivelihoodReportView> {
    return this.reporting.send(ReportingRpc.livelihood, q);
  }

  @Get('volunteers')
  @ApiOperation({
    summary: 'Party building 党建 and volunteer figures of a node for a period, with one row per child node',
    description:
      'Built from the events of volunteers alone. The formation rate 党组织组建率 as it stands: units that should have a branch (by the volunteers service’s rule) and have an active one, out of those that should (5 existing and 7 new of 12 → `"100.00"`); active organisations by kind; party members enrolled in the grids. ' +
      'For the days of the period (`period`, or `from` and `to`; default: this year so far): volunteer hours in quarter hours as decimal strings, in total and counted for cases, campaigns and relocation projects, the members and activities with hours; remote-education sessions and attendance. ' +
      `${SCOPE} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: VolunteerFiguresView })
  @ApiProblems(400, 404)
  @Calls(ReportingRpc.volunteers)
  volunteers(@Query() q: VolunteerFiguresQuery): Promise<VolunteerFiguresView> {
    return this.reporting.send(ReportingRpc.volunteers, q);
  }

  @Get('relocation')
  @ApiOperation({
    summary: 'The progress of the relocation projects 征拆 opened in a node’s subtree',
    description:
      'Built from the events of relocation alone. Per project: the households, units and buildings inside the red line; households per state at their furthest step, signed or further out of all; holdouts; help requests raised and open; and days 3, 10 and 30 of the progress curve (signed, moved and demolished by the end of each day in the working time zone, `reached: false` while the day has not ended). ' +
      `${SCOPE} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: RelocationProgressView })
  @ApiProblems(400, 404)
  @Calls(ReportingRpc.relocation)
  relocation(@Query() q: RelocationProgressQuery): Promise<RelocationProgressView> {
    return this.reporting.send(ReportingRpc.relocation, q);
  }

  @Get('dashboard')
  @ApiOperation({
    summary: 'A node’s figures for today, this ISO week, month, quarter and year, for a dashboard',
    description:
      'Each period is the one holding today in the working time zone; `open` is counted at the end of today and `overdueNow` now, in every period. Read from the rollups: milliseconds whatever the number of cases. ' +
      `${SCOPE} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: KpiDashboardView })
  @ApiProblems(400, 404)
  @Calls(ReportingRpc.kpiDashboard)
  dashboard(@Query() q: KpiDashboardQuery): Promise<KpiDashboardView> {
    return this.reporting.send(ReportingRpc.kpiDashboard, q);
  }

  @Get('live')
  @ApiOperation({
    summary: 'The dashboard of a node as a server-sent-events stream, sent again whenever its figures change',
    description:
      'A `text/event-stream`: `event: kpis` carries the same document as `GET /api/v1/reports/dashboard`, first at once and then each time reporting has applied events that change the figures of the node’s subtree (at most once a second, and at least once a minute). ' +
      'Comment lines keep an idle stream open. The stream ends with `event: expired` when the access token expires (reconnect with a fresh one; `EventSource` does not send an `Authorization` header, so use a fetch-based client), and with `event: error` when reporting refuses the caller later (session revoked, scope changed). ' +
      `Refusals before the stream starts are problem+json as for the dashboard. ${SCOPE}`,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: '`event: kpis` with a `KpiDashboardView` as `data`; `event: expired`, `event: error` or `event: shutdown` end the stream.' })
  @ApiProblems(400, 404)
  @Calls(ReportingRpc.kpiDashboard)
  async liveFeed(@Query() q: KpiDashboardQuery, @Res() res: Response): Promise<void> {
    await this.live.open(q, res);
  }

  @Post('rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild every read model by replaying the event stream from its start (system administrator only)',
    description:
      'Answers at once with the rebuild running; follow it with `GET /api/v1/reports/rebuild`. The figures are partial until it completes (answers say `rebuilding: true`), then equal to what the events say; events keep being applied meanwhile. 409 while another rebuild runs. The same as `npm run reporting:rebuild`.',
  })
  @ApiAcceptedResponse({ type: RebuildView })
  @ApiProblems(403, 409)
  @Calls(ReportingRpc.rebuildStart)
  rebuild(): Promise<RebuildView> {
    return this.reporting.send(ReportingRpc.rebuildStart, {});
  }

  @Get('rebuild')
  @ApiOperation({ summary: 'The latest rebuild of the read models and where it stands (system administrator only)', description: '404 when there has been none.' })
  @ApiOkResponse({ type: RebuildView })
  @ApiProblems(403, 404)
  @Calls(ReportingRpc.rebuildLatest)
  latest(): Promise<RebuildView> {
    return this.reporting.send(ReportingRpc.rebuildLatest, {});
  }
}
