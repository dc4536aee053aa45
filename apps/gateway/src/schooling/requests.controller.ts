import type { Page } from '@citygrid/contracts';
import {
  AdvanceEnrolmentRequestDto,
  CreateEnrolmentRequestDto,
  EnrolmentAction,
  EnrolmentRequestView,
  HouseholdRequestsQuery,
  ListEnrolmentRequestsQuery,
  SchoolingRpc,
} from '@citygrid/contracts/schooling';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const parseHouseholdId = new ParseUUIDPipe({ exceptionFactory: () => ServiceError.validation([{ field: 'householdId', reason: 'must be a UUID' }]) });

const READERS =
  'Staff of the household’s area read requests (auditors too); outside it, a request does not exist (404). `childIdNumber` and `guardianPhone` are masked for roles that do not see personal data.';
const STEP =
  'A step not possible from the current state: 409 naming the state. Operators and grid staff of the area check and refer; placing and refusing are the operators’; any other role: 403. Each step sets the deadline of the next (calendar days: `CHECK_DAYS`, `REFER_DAYS`, `PLACE_DAYS`).';

/** Enrolment help requests (入学协助申请) for children of relocated and migrant households. */
@ApiTags('Schooling')
@Controller('schooling/requests')
export class EnrolmentRequestsController {
  constructor(private readonly schooling: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Raise an enrolment help request for a child of a household',
    description:
      '`householdId`: a grid-registry place of kind `household` in your area (422 otherwise); the request belongs to its grid. The school whose catchment holds the household (for the grade’s kind) is suggested (`suggestedSchoolId`). `schoolId`, when given, must be a school you see of the grade’s kind (422). The ID number and phone are stored encrypted. Operators and grid staff of the area only (403). Bad input: 400 naming each field.',
  })
  @ApiCreatedResponse({ type: EnrolmentRequestView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(SchoolingRpc.requestCreate)
  create(@Body() dto: CreateEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    return this.schooling.send(SchoolingRpc.requestCreate, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Enrolment help requests, newest first',
    description: `Filters: \`state\`, \`reason\`, \`relocationProjectId\`, \`under\` (a node), \`overdue=true\` (past the current step's deadline, not settled). ${READERS}`,
  })
  @ApiPage(EnrolmentRequestView)
  @ApiProblems(400, 401, 403)
  @Calls(SchoolingRpc.requestList)
  list(@Query() q: ListEnrolmentRequestsQuery): Promise<Page<EnrolmentRequestView>> {
    return this.schooling.send(SchoolingRpc.requestList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One enrolment help request with its steps', description: READERS })
  @ApiOkResponse({ type: EnrolmentRequestView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(SchoolingRpc.requestGet)
  get(@Param('id', parseId) id: string): Promise<EnrolmentRequestView> {
    return this.schooling.send(SchoolingRpc.requestGet, { id });
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Checked (received → checked): documents and catchment', description: `Takes only \`note\`. ${STEP}` })
  @ApiOkResponse({ type: EnrolmentRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(SchoolingRpc.requestAdvance)
  check(@Param('id', parseId) id: string, @Body() dto: AdvanceEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    return this.schooling.send(SchoolingRpc.requestAdvance, { ...dto, id, action: EnrolmentAction.Check });
  }

  @Post(':id/refer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Referred (checked → referred) to a school or the education bureau', description: `Takes only \`note\`. ${STEP}` })
  @ApiOkResponse({ type: EnrolmentRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(SchoolingRpc.requestAdvance)
  refer(@Param('id', parseId) id: string, @Body() dto: AdvanceEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    return this.schooling.send(SchoolingRpc.requestAdvance, { ...dto, id, action: EnrolmentAction.Refer });
  }

  @Post(':id/place')
  @HttpCode(200)
  @ApiOperation({ summary: 'Placed (referred → placed) in a school: settled', description: `\`schoolId\` is required: a school you see of the grade’s kind (422 otherwise). ${STEP}` })
  @ApiOkResponse({ type: EnrolmentRequestView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(SchoolingRpc.requestAdvance)
  place(@Param('id', parseId) id: string, @Body() dto: AdvanceEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    return this.schooling.send(SchoolingRpc.requestAdvance, { ...dto, id, action: EnrolmentAction.Place });
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refused (from received, checked or referred): settled', description: `\`refusalReason\` is required. ${STEP}` })
  @ApiOkResponse({ type: EnrolmentRequestView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(SchoolingRpc.requestAdvance)
  refuse(@Param('id', parseId) id: string, @Body() dto: AdvanceEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    return this.schooling.send(SchoolingRpc.requestAdvance, { ...dto, id, action: EnrolmentAction.Refuse });
  }
}

/** A household's record: its enrolment help requests. */
@ApiTags('Schooling')
@Controller('schooling/households')
export class HouseholdEnrolmentRequestsController {
  constructor(private readonly schooling: RpcClient) {}

  @Get(':householdId/requests')
  @ApiOperation({
    summary: 'Every enrolment help request of a household, newest first',
    description: `What a relocation worker or grid member opens for a household. A household outside your area (grid-registry's answer): 404. ${READERS}`,
  })
  @ApiPage(EnrolmentRequestView)
  @ApiProblems(400, 401, 403, 404)
  @Calls(SchoolingRpc.householdRequests)
  list(@Param('householdId', parseHouseholdId) householdId: string, @Query() q: HouseholdRequestsQuery): Promise<Page<EnrolmentRequestView>> {
    return this.schooling.send(SchoolingRpc.householdRequests, { ...q, householdId });
  }
}
