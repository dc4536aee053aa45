import type { Page } from '@citygrid/contracts';
import {
  CreateRelocationProjectDto,
  DailyReportView,
  ListRelocationPlacesQuery,
  ListRelocationProjectsQuery,
  MeetingAgendaView,
  ProgressCurveView,
  RelocationPlaceView,
  RelocationProjectView,
  RelocationRpc,
  ReportDateQuery,
  UpdateRelocationProjectDto,
} from '@citygrid/contracts/relocation';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

export const READERS = 'Staff of the project’s area read it (auditors too); outside it, a project does not exist (404).';
const MANAGERS = 'Operators of the project’s area only (403).';

/** Relocation projects 征拆 with their red line 红线, and their reports. */
@ApiTags('Relocation')
@Controller('relocation/projects')
export class RelocationProjectsController {
  constructor(private readonly relocation: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Open a relocation project with its red line',
    description: `\`redLine\`: a valid GeoJSON Polygon (400 naming the field). \`nodeCode\`: a node of your area (422). The units, buildings and households of grid-registry under that node whose location lies inside the red line are resolved at once and snapshotted into the project. ${MANAGERS}`,
  })
  @ApiCreatedResponse({ type: RelocationProjectView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(RelocationRpc.projectCreate)
  create(@Body() dto: CreateRelocationProjectDto): Promise<RelocationProjectView> {
    return this.relocation.send(RelocationRpc.projectCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Relocation projects, newest first', description: `Filter: \`under\` (a node). ${READERS}` })
  @ApiPage(RelocationProjectView)
  @ApiProblems(400, 401, 403)
  @Calls(RelocationRpc.projectList)
  list(@Query() q: ListRelocationProjectsQuery): Promise<Page<RelocationProjectView>> {
    return this.relocation.send(RelocationRpc.projectList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One relocation project with the counts inside its red line', description: READERS })
  @ApiOkResponse({ type: RelocationProjectView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.projectGet)
  get(@Param('id', parseId) id: string): Promise<RelocationProjectView> {
    return this.relocation.send(RelocationRpc.projectGet, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a project’s status (active, closed)', description: MANAGERS })
  @ApiOkResponse({ type: RelocationProjectView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.projectUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateRelocationProjectDto): Promise<RelocationProjectView> {
    return this.relocation.send(RelocationRpc.projectUpdate, { ...dto, id });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve again what lies inside the red line',
    description: `New places are added; those no longer inside are left out of the counts and lists (their steps are kept). ${MANAGERS}`,
  })
  @ApiOkResponse({ type: RelocationProjectView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.projectResolve)
  resolve(@Param('id', parseId) id: string): Promise<RelocationProjectView> {
    return this.relocation.send(RelocationRpc.projectResolve, { id });
  }

  @Get(':id/places')
  @ApiOperation({ summary: 'Units, buildings and households inside the red line', description: `Filters: \`kind\`, \`state\` (\`none\`: not yet visited), \`holdout\`, \`packageId\`. ${READERS}` })
  @ApiPage(RelocationPlaceView)
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.placeList)
  places(@Param('id', parseId) id: string, @Query() q: ListRelocationPlacesQuery): Promise<Page<RelocationPlaceView>> {
    return this.relocation.send(RelocationRpc.placeList, { ...q, projectId: id });
  }

  @Get(':id/daily-report')
  @ApiOperation({
    summary: 'Daily report 一天一上报',
    description: `For the UTC day \`date\` (default today; not before the start date, 400): households per state as of the day’s end, the steps reached that day, per package, and the holdouts. ${READERS}`,
  })
  @ApiOkResponse({ type: DailyReportView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.dailyReport)
  dailyReport(@Param('id', parseId) id: string, @Query() q: ReportDateQuery): Promise<DailyReportView> {
    return this.relocation.send(RelocationRpc.dailyReport, { ...q, projectId: id });
  }

  @Get(':id/meeting-agenda')
  @ApiOperation({
    summary: 'Agenda of the every-two-days meeting 两天一碰头',
    description: `Holdouts, packages whose signed share is below the median, help requests not closed, and households not yet moved without a step in the 2 days before the end of \`date\`. ${READERS}`,
  })
  @ApiOkResponse({ type: MeetingAgendaView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.meetingAgenda)
  meetingAgenda(@Param('id', parseId) id: string, @Query() q: ReportDateQuery): Promise<MeetingAgendaView> {
    return this.relocation.send(RelocationRpc.meetingAgenda, { ...q, projectId: id });
  }

  @Get(':id/progress')
  @ApiOperation({
    summary: 'Progress curves: cumulative signed, moved and demolished per day',
    description: `From the start date (day 1) to \`date\` (default today); days 3, 10 and 30 are marked. ${READERS}`,
  })
  @ApiOkResponse({ type: ProgressCurveView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.progressCurve)
  progress(@Param('id', parseId) id: string, @Query() q: ReportDateQuery): Promise<ProgressCurveView> {
    return this.relocation.send(RelocationRpc.progressCurve, { ...q, projectId: id });
  }
}
