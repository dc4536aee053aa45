import type { Page } from '@citygrid/contracts';
import {
  AddServiceRequestNoteDto,
  AssignServiceRequestDto,
  CancelServiceRequestDto,
  CentreFiguresView,
  CentreView,
  CloseServiceRequestDto,
  CommunityServicesRpc,
  CreateCentreDto,
  CreateRequestTypeDto,
  CreateServiceRequestDto,
  ListCentresQuery,
  ListRequestTypesQuery,
  ListServiceRequestsQuery,
  RequestTypeView,
  ServiceFiguresQuery,
  ServiceRequestNoteDto,
  ServiceRequestView,
  UpdateCentreDto,
  UpdateRequestTypeDto,
} from '@citygrid/contracts/community-services';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const STAFF = 'Staff only (API clients get 403). Outside your area: 404.';
const BAD = 'Bad input: 400 naming each field.';

/** The centres (物业 property, 家政 housekeeping, 文化 culture, 计生 family planning) that subdistricts and communities run. */
@ApiTags('Community services')
@Controller('community-services/centres')
export class ServiceCentresController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Set up a centre at a subdistrict or community of your area',
    description: `Operators (and the system administrator) only: 403 otherwise. \`nodeCode\` must be a subdistrict or community of your area: 422 naming it otherwise. ${BAD}`,
  })
  @ApiCreatedResponse({ type: CentreView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(CommunityServicesRpc.centreCreate)
  create(@Body() dto: CreateCentreDto): Promise<CentreView> {
    return this.rpc.send(CommunityServicesRpc.centreCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Centres in your area, by node and kind', description: `\`kind\` and \`under\` narrow the list. ${STAFF} ${BAD}` })
  @ApiPage(CentreView)
  @ApiProblems(400, 401, 403)
  @Calls(CommunityServicesRpc.centreList)
  list(@Query() q: ListCentresQuery): Promise<Page<CentreView>> {
    return this.rpc.send(CommunityServicesRpc.centreList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One centre', description: STAFF })
  @ApiOkResponse({ type: CentreView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(CommunityServicesRpc.centreGet)
  get(@Param('id', parseId) id: string): Promise<CentreView> {
    return this.rpc.send(CommunityServicesRpc.centreGet, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a centre: name, address, hours, phone; close it (`retired: true`) or open it again',
    description: `Only the fields given change. Operators of its area only: 403 otherwise. ${STAFF} ${BAD}`,
  })
  @ApiOkResponse({ type: CentreView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(CommunityServicesRpc.centreUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateCentreDto): Promise<CentreView> {
    return this.rpc.send(CommunityServicesRpc.centreUpdate, { ...dto, id });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a centre set up by mistake', description: `Only while no request went to it: 409 otherwise (close it instead). Operators of its area only. ${STAFF}` })
  @ApiOkResponse({ type: CentreView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(CommunityServicesRpc.centreDelete)
  remove(@Param('id', parseId) id: string): Promise<CentreView> {
    return this.rpc.send(CommunityServicesRpc.centreDelete, { id });
  }
}

/** Each centre's catalogue of request types: city-wide ones (seeded) and those a node adds for its centres. */
@ApiTags('Community services')
@Controller('community-services/request-types')
export class ServiceRequestTypesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'The request types your centres use', description: `City-wide types, those of the nodes above you and those of your area; \`centre\` narrows to one centre. ${BAD}` })
  @ApiOkResponse({ type: [RequestTypeView] })
  @ApiProblems(400, 401, 403)
  @Calls(CommunityServicesRpc.requestTypeList)
  list(@Query() q: ListRequestTypesQuery): Promise<RequestTypeView[]> {
    return this.rpc.send(CommunityServicesRpc.requestTypeList, q);
  }

  @Post()
  @ApiOperation({
    summary: "Add a request type to a centre's catalogue",
    description: `With \`nodeCode\`: for the centres of that node's area (operators of the area; 422 naming \`nodeCode\` outside it). Without: city-wide (system administrator and city operators; 403 otherwise). The same code twice for one centre and node: 409. ${BAD}`,
  })
  @ApiCreatedResponse({ type: RequestTypeView })
  @ApiProblems(400, 401, 403, 409, 422)
  @Calls(CommunityServicesRpc.requestTypeCreate)
  create(@Body() dto: CreateRequestTypeDto): Promise<RequestTypeView> {
    return this.rpc.send(CommunityServicesRpc.requestTypeCreate, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a request type: name, description, time limit, satisfaction; retire it or bring it back',
    description: `Only the fields given change; a new time limit or satisfaction rule applies to requests taken from now on. Operators of the type's node (city-wide types: system administrator and city operators): 403 otherwise. ${BAD}`,
  })
  @ApiOkResponse({ type: RequestTypeView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(CommunityServicesRpc.requestTypeUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateRequestTypeDto): Promise<RequestTypeView> {
    return this.rpc.send(CommunityServicesRpc.requestTypeUpdate, { ...dto, id });
  }
}

const WORKFLOW =
  'The workflow: `received` → `assigned` (operators; again to someone else until started) → `in_progress` (the assignee starts) → `closed` (the assignee or an operator, with the satisfaction when the type asks for it); `cancel` (operators, with a reason) from any open state. A step the state does not allow: 409 naming the state; the wrong role: 403; outside your area: 404.';

/** Residents' requests to the centres, through the one workflow. */
@ApiTags('Community services')
@Controller('community-services/requests')
export class ServiceRequestsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: "Take a resident's request to a centre",
    description: `Either a registered resident (\`residentId\`, read from the registry as you: her grid is the request's node) or \`residentName\`, \`residentPhone\` and \`nodeCode\`. The node must lie in the centre's area, the type be one of the centre's catalogue and not retired (422 naming the field otherwise). \`dueAt\` follows from the type's time limit. The phone is stored encrypted and answered masked to callers without personal-data rights. Operators and grid staff only: 403 otherwise. ${BAD}`,
  })
  @ApiCreatedResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(CommunityServicesRpc.requestCreate)
  create(@Body() dto: CreateServiceRequestDto): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestCreate, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Requests in your area, newest first',
    description: `By centre, centre kind, type, state, \`overdue\` (open and past \`dueAt\`) and node subtree (\`under\`). ${STAFF} ${BAD}`,
  })
  @ApiPage(ServiceRequestView)
  @ApiProblems(400, 401, 403)
  @Calls(CommunityServicesRpc.requestList)
  list(@Query() q: ListServiceRequestsQuery): Promise<Page<ServiceRequestView>> {
    return this.rpc.send(CommunityServicesRpc.requestList, q);
  }

  @Get('mine')
  @ApiOperation({ summary: 'My queue: the requests assigned to me, newest first', description: `The same filters as the list. ${BAD}` })
  @ApiPage(ServiceRequestView)
  @ApiProblems(400, 401, 403)
  @Calls(CommunityServicesRpc.requestMine)
  mine(@Query() q: ListServiceRequestsQuery): Promise<Page<ServiceRequestView>> {
    return this.rpc.send(CommunityServicesRpc.requestMine, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request with its history', description: `In your area or assigned to you: 404 otherwise. ${STAFF}` })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(CommunityServicesRpc.requestGet)
  get(@Param('id', parseId) id: string): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestGet, { id });
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: "Assign it to a member of the centre's staff (an account id)", description: `${WORKFLOW} ${BAD}` })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(CommunityServicesRpc.requestAssign)
  assign(@Param('id', parseId) id: string, @Body() dto: AssignServiceRequestDto): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestAssign, { ...dto, id });
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start handling it (the assignee)', description: `${WORKFLOW} ${BAD}` })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(CommunityServicesRpc.requestStart)
  start(@Param('id', parseId) id: string, @Body() dto: ServiceRequestNoteDto): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestStart, { ...dto, id });
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a note while it is assigned or being handled (the assignee or an operator)', description: `${WORKFLOW} ${BAD}` })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(CommunityServicesRpc.requestNote)
  note(@Param('id', parseId) id: string, @Body() dto: AddServiceRequestNoteDto): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestNote, { ...dto, id });
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: "Close it, with the resident's satisfaction when the type asks for it",
    description: `Satisfaction missing where asked (or given where not): 422 naming \`satisfaction\`. ${WORKFLOW} ${BAD}`,
  })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(CommunityServicesRpc.requestClose)
  close(@Param('id', parseId) id: string, @Body() dto: CloseServiceRequestDto): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestClose, { ...dto, id });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel it, with the reason (operators)', description: `${WORKFLOW} ${BAD}` })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(CommunityServicesRpc.requestCancel)
  cancel(@Param('id', parseId) id: string, @Body() dto: CancelServiceRequestDto): Promise<ServiceRequestView> {
    return this.rpc.send(CommunityServicesRpc.requestCancel, { ...dto, id });
  }
}

/** Figures of the centres over the requests of your area (reporting builds the cross-service figures from the events). */
@ApiTags('Community services')
@Controller('community-services/figures')
export class ServiceFiguresController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'Per centre: received, closed, on time, cancelled, overdue and satisfaction counts',
    description: `Over the requests in your area (or under \`under\`), optionally of one centre. ${STAFF} ${BAD}`,
  })
  @ApiOkResponse({ type: [CentreFiguresView] })
  @ApiProblems(400, 401, 403)
  @Calls(CommunityServicesRpc.figures)
  get(@Query() q: ServiceFiguresQuery): Promise<CentreFiguresView[]> {
    return this.rpc.send(CommunityServicesRpc.figures, q);
  }
}
