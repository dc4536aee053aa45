import {
  AdvanceHelpRequestDto,
  AdvanceHouseholdDto,
  AssignHouseholdsDto,
  CreateHelpRequestDto,
  CreateWorkPackageDto,
  HelpRequestView,
  RelocationHouseholdView,
  RelocationRpc,
  SetHoldoutDto,
  WorkPackageView,
} from '@citygrid/contracts/relocation';
import type { Page } from '@citygrid/contracts';
import { PagingQuery } from '@citygrid/contracts';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls } from '../shared/http';
import { READERS } from './projects.controller';

const uuidOf = (field: string) => new ParseUUIDPipe({ exceptionFactory: () => ServiceError.validation([{ field, reason: 'must be a UUID' }]) });
const parseProjectId = uuidOf('projectId');
const parseHouseholdId = uuidOf('householdId');
const parsePackageId = uuidOf('packageId');
const parseHelpRequestId = uuidOf('helpRequestId');
const WORKERS = 'Operators and grid staff of the project’s area only (403).';

/** Households inside a red line: their steps and holdout mark. */
@ApiTags('Relocation')
@Controller('relocation/projects/:projectId/households')
export class RelocationHouseholdsController {
  constructor(private readonly relocation: RpcClient) {}

  @Get(':householdId')
  @ApiOperation({ summary: 'One household of a project with its steps', description: READERS })
  @ApiOkResponse({ type: RelocationHouseholdView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.householdGet)
  get(@Param('projectId', parseProjectId) projectId: string, @Param('householdId', parseHouseholdId) id: string): Promise<RelocationHouseholdView> {
    return this.relocation.send(RelocationRpc.householdGet, { projectId, id });
  }

  @Post(':householdId/steps')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a household’s next step (visited → agreed → signed → moved → demolished)',
    description: `\`state\` must follow the current one (409 naming it). \`at\` backdates the step for data entry: never in the future, never before the previous step (400 naming \`at\`). ${WORKERS}`,
  })
  @ApiOkResponse({ type: RelocationHouseholdView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(RelocationRpc.householdAdvance)
  advance(@Param('projectId', parseProjectId) projectId: string, @Param('householdId', parseHouseholdId) id: string, @Body() dto: AdvanceHouseholdDto): Promise<RelocationHouseholdView> {
    return this.relocation.send(RelocationRpc.householdAdvance, { ...dto, projectId, id });
  }

  @Put(':householdId/holdout')
  @ApiOperation({ summary: 'Mark a household a holdout 钉子户 with its reasons, or clear the mark', description: `Marking takes at least one reason; clearing takes none (400). ${WORKERS}` })
  @ApiOkResponse({ type: RelocationHouseholdView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.householdHoldout)
  holdout(@Param('projectId', parseProjectId) projectId: string, @Param('householdId', parseHouseholdId) id: string, @Body() dto: SetHoldoutDto): Promise<RelocationHouseholdView> {
    return this.relocation.send(RelocationRpc.householdHoldout, { ...dto, projectId, id });
  }
}

/** Work packages 领导分包: one leader and work group per household (一户包到底). */
@ApiTags('Relocation')
@Controller('relocation/projects/:projectId/packages')
export class RelocationPackagesController {
  constructor(private readonly relocation: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Open a work package for a leader and work group', description: 'Operators of the project’s area only (403).' })
  @ApiCreatedResponse({ type: WorkPackageView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.packageCreate)
  create(@Param('projectId', parseProjectId) projectId: string, @Body() dto: CreateWorkPackageDto): Promise<WorkPackageView> {
    return this.relocation.send(RelocationRpc.packageCreate, { ...dto, projectId });
  }

  @Get()
  @ApiOperation({ summary: 'Work packages of a project with their household counts', description: READERS })
  @ApiOkResponse({ type: [WorkPackageView] })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.packageList)
  list(@Param('projectId', parseProjectId) projectId: string): Promise<WorkPackageView[]> {
    return this.relocation.send(RelocationRpc.packageList, { projectId });
  }

  @Post(':packageId/households')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign households to a work package',
    description:
      'Each household has exactly one package: one already in another package is 409 naming that package, and nothing is assigned. Ids not households of the project: 422. Households already in this package are kept. Operators of the project’s area only (403).',
  })
  @ApiOkResponse({ type: WorkPackageView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(RelocationRpc.packageAssign)
  assign(@Param('projectId', parseProjectId) projectId: string, @Param('packageId', parsePackageId) id: string, @Body() dto: AssignHouseholdsDto): Promise<WorkPackageView> {
    return this.relocation.send(RelocationRpc.packageAssign, { ...dto, projectId, id });
  }
}

/** Help requests for moving households: schooling (raised in the schooling service) and rental help. */
@ApiTags('Relocation')
@Controller('relocation/projects/:projectId/help-requests')
export class RelocationHelpRequestsController {
  constructor(private readonly relocation: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Raise a help request (schooling or rental) for a household of the project',
    description: `\`schooling\` help takes the child and guardian (\`schooling\`, 400 otherwise) and is raised in the schooling service as you, with reason \`relocation\` and this project’s id; its errors come back as they are. \`rental\` help is kept here (received → arranged → closed). ${WORKERS}`,
  })
  @ApiCreatedResponse({ type: HelpRequestView })
  @ApiProblems(400, 401, 403, 404, 422)
  @Calls(RelocationRpc.helpCreate)
  create(@Param('projectId', parseProjectId) projectId: string, @Body() dto: CreateHelpRequestDto): Promise<HelpRequestView> {
    return this.relocation.send(RelocationRpc.helpCreate, { ...dto, projectId });
  }

  @Get()
  @ApiOperation({ summary: 'Help requests of a project, newest first', description: READERS })
  @ApiPage(HelpRequestView)
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.helpList)
  list(@Param('projectId', parseProjectId) projectId: string, @Query() q: PagingQuery): Promise<Page<HelpRequestView>> {
    return this.relocation.send(RelocationRpc.helpList, { ...q, projectId });
  }

  @Get(':helpRequestId')
  @ApiOperation({ summary: 'One help request; a schooling one with the schooling service’s state of it', description: READERS })
  @ApiOkResponse({ type: HelpRequestView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(RelocationRpc.helpGet)
  get(@Param('projectId', parseProjectId) projectId: string, @Param('helpRequestId', parseHelpRequestId) id: string): Promise<HelpRequestView> {
    return this.relocation.send(RelocationRpc.helpGet, { projectId, id });
  }

  @Post(':helpRequestId/steps')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move rental help on (arranged, closed)', description: `A step not possible from the current state, or any step of schooling help: 409. ${WORKERS}` })
  @ApiOkResponse({ type: HelpRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(RelocationRpc.helpAdvance)
  advance(@Param('projectId', parseProjectId) projectId: string, @Param('helpRequestId', parseHelpRequestId) id: string, @Body() dto: AdvanceHelpRequestDto): Promise<HelpRequestView> {
    return this.relocation.send(RelocationRpc.helpAdvance, { ...dto, projectId, id });
  }
}
