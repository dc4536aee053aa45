import type { Page } from '@citygrid/contracts';
import {
  CoverageQuery,
  CreatedCaseView,
  KeyLocationCoverageView,
  ListFieldLogsQuery,
  LogPatrolDto,
  LogVisitDto,
  PatrolsRpc,
  PatrolView,
  RaiseCaseFromLogDto,
  UnpatrolledView,
  VisitView,
} from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Patrols 巡查 of level-3 grids and the daily coverage queries. */
@ApiTags('Patrols and visits')
@Controller('patrols')
export class PatrolsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Log a patrol of a level-3 grid (the patroller is the caller)' })
  @ApiCreatedResponse({ type: PatrolView })
  @ApiProblems(400, 404, 422)
  @Calls(PatrolsRpc.patrolLog)
  log(@Body() dto: LogPatrolDto): Promise<PatrolView> {
    return this.rpc.send(PatrolsRpc.patrolLog, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List patrols in your area, by subtree, day or staff member' })
  @ApiPage(PatrolView)
  @ApiProblems(400)
  @Calls(PatrolsRpc.patrolList)
  list(@Query() q: ListFieldLogsQuery): Promise<Page<PatrolView>> {
    return this.rpc.send(PatrolsRpc.patrolList, q);
  }

  @Get('unpatrolled')
  @ApiOperation({ summary: 'Level-3 grids under a node with no patrol on a day (today by default)' })
  @ApiOkResponse({ type: UnpatrolledView })
  @ApiProblems(400, 404)
  @Calls(PatrolsRpc.patrolUnpatrolled)
  unpatrolled(@Query() q: CoverageQuery): Promise<UnpatrolledView> {
    return this.rpc.send(PatrolsRpc.patrolUnpatrolled, q);
  }

  @Get('key-locations')
  @ApiOperation({ summary: 'Key locations under a node without both a patrol of their grid and a visit on a day' })
  @ApiOkResponse({ type: KeyLocationCoverageView })
  @ApiProblems(400, 404)
  @Calls(PatrolsRpc.patrolKeyLocations)
  keyLocations(@Query() q: CoverageQuery): Promise<KeyLocationCoverageView> {
    return this.rpc.send(PatrolsRpc.patrolKeyLocations, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One patrol' })
  @ApiOkResponse({ type: PatrolView })
  @ApiProblems(400, 404)
  @Calls(PatrolsRpc.patrolGet)
  get(@Param('id', parseId) id: string): Promise<PatrolView> {
    return this.rpc.send(PatrolsRpc.patrolGet, { id });
  }

  @Post(':id/cases')
  @ApiOperation({ summary: 'Raise a case from a patrol (source `patrol`)' })
  @ApiCreatedResponse({ type: CreatedCaseView })
  @ApiProblems(400, 404, 422)
  @Calls(PatrolsRpc.patrolRaiseCase)
  raiseCase(@Param('id', parseId) id: string, @Body() dto: RaiseCaseFromLogDto): Promise<CreatedCaseView> {
    return this.rpc.send(PatrolsRpc.patrolRaiseCase, { ...dto, id });
  }
}

/** Household (and key location) visits 走访. */
@ApiTags('Patrols and visits')
@Controller('visits')
export class VisitsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Log a visit to a household or key location (the visitor is the caller)' })
  @ApiCreatedResponse({ type: VisitView })
  @ApiProblems(400, 404, 422)
  @Calls(PatrolsRpc.visitLog)
  log(@Body() dto: LogVisitDto): Promise<VisitView> {
    return this.rpc.send(PatrolsRpc.visitLog, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List visits in your area, by subtree, day or staff member' })
  @ApiPage(VisitView)
  @ApiProblems(400)
  @Calls(PatrolsRpc.visitList)
  list(@Query() q: ListFieldLogsQuery): Promise<Page<VisitView>> {
    return this.rpc.send(PatrolsRpc.visitList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One visit' })
  @ApiOkResponse({ type: VisitView })
  @ApiProblems(400, 404)
  @Calls(PatrolsRpc.visitGet)
  get(@Param('id', parseId) id: string): Promise<VisitView> {
    return this.rpc.send(PatrolsRpc.visitGet, { id });
  }

  @Post(':id/cases')
  @ApiOperation({ summary: 'Raise a case from a visit (source `household_visit`; the place gives location and address by default)' })
  @ApiCreatedResponse({ type: CreatedCaseView })
  @ApiProblems(400, 404, 422)
  @Calls(PatrolsRpc.visitRaiseCase)
  raiseCase(@Param('id', parseId) id: string, @Body() dto: RaiseCaseFromLogDto): Promise<CreatedCaseView> {
    return this.rpc.send(PatrolsRpc.visitRaiseCase, { ...dto, id });
  }
}
