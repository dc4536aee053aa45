import type { Page } from '@citygrid/contracts';
import {
  ActivityView,
  AddTeamMemberDto,
  TeamAssignmentView,
  CreateActivityDto,
  CreateTeamAssignmentDto,
  CreateTeamDto,
  EnterHoursDto,
  ListTeamsQuery,
  ParticipationDto,
  TeamView,
  VolunteersRpc,
} from '@citygrid/contracts/volunteers';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const READERS = 'Staff see the records of their subtree; any other answers 404.';
const RUNNERS = 'Grid staff and operators of the area run teams and activities; anyone else gets 403.';

/** Volunteer teams 志愿服务队 with their members and leader. */
@ApiTags('Volunteers')
@Controller('volunteers/teams')
export class VolunteerTeamsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Create a volunteer team', description: `\`nodeCode\`: 422 when unknown in your area. ${RUNNERS}` })
  @ApiCreatedResponse({ type: TeamView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(VolunteersRpc.teamCreate)
  create(@Body() dto: CreateTeamDto): Promise<TeamView> {
    return this.rpc.send(VolunteersRpc.teamCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Volunteer teams, oldest first', description: READERS })
  @ApiPage(TeamView)
  @ApiProblems(400, 401, 403)
  @Calls(VolunteersRpc.teamList)
  list(@Query() q: ListTeamsQuery): Promise<Page<TeamView>> {
    return this.rpc.send(VolunteersRpc.teamList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One volunteer team with its members', description: READERS })
  @ApiOkResponse({ type: TeamView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.teamGet)
  get(@Param('id', parseId) id: string): Promise<TeamView> {
    return this.rpc.send(VolunteersRpc.teamGet, { id });
  }

  @Post(':id/members')
  @ApiOperation({
    summary: 'Add a member to a team',
    description: `Exactly one of \`residentId\` and \`partyMemberId\` (400 otherwise); \`leader\` makes them the leader. 409 when already a member. ${RUNNERS}`,
  })
  @ApiCreatedResponse({ type: TeamView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(VolunteersRpc.teamAddMember)
  addMember(@Param('id', parseId) id: string, @Body() dto: AddTeamMemberDto): Promise<TeamView> {
    return this.rpc.send(VolunteersRpc.teamAddMember, { ...dto, id });
  }
}

/** Assignments of a team to a case, a campaign or a relocation project, with the hours counted there. */
@ApiTags('Volunteers')
@Controller('volunteers/assignments')
export class VolunteerAssignmentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Assign a team to a case, a campaign or a relocation project', description: `\`targetId\` is the other service's id, kept as given. ${RUNNERS}` })
  @ApiCreatedResponse({ type: TeamAssignmentView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(VolunteersRpc.assignmentCreate)
  create(@Body() dto: CreateTeamAssignmentDto): Promise<TeamAssignmentView> {
    return this.rpc.send(VolunteersRpc.assignmentCreate, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One assignment with its totals', description: `The activities run for it, the hours recorded there and the volunteers who gave them. ${READERS}` })
  @ApiOkResponse({ type: TeamAssignmentView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.assignmentGet)
  get(@Param('id', parseId) id: string): Promise<TeamAssignmentView> {
    return this.rpc.send(VolunteersRpc.assignmentGet, { id });
  }
}

/** Activities of a team: sign-up, check-in, check-out, hours. */
@ApiTags('Volunteers')
@Controller('volunteers/activities')
export class VolunteerActivitiesController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Schedule an activity of a team', description: `\`assignmentId\`: an assignment of the same team, whose totals the hours count for (422 otherwise). ${RUNNERS}` })
  @ApiCreatedResponse({ type: ActivityView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(VolunteersRpc.activityCreate)
  create(@Body() dto: CreateActivityDto): Promise<ActivityView> {
    return this.rpc.send(VolunteersRpc.activityCreate, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One activity with its participants', description: READERS })
  @ApiOkResponse({ type: ActivityView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.activityGet)
  get(@Param('id', parseId) id: string): Promise<ActivityView> {
    return this.rpc.send(VolunteersRpc.activityGet, { id });
  }

  @Post(':id/sign-ups')
  @ApiOperation({ summary: 'Sign a team member up', description: `Within the capacity (409 when full or already signed up); 422 for someone not in the team. ${RUNNERS}` })
  @ApiCreatedResponse({ type: ActivityView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(VolunteersRpc.activitySignUp)
  signUp(@Param('id', parseId) id: string, @Body() dto: ParticipationDto): Promise<ActivityView> {
    return this.rpc.send(VolunteersRpc.activitySignUp, { ...dto, id });
  }

  @Post(':id/check-ins')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a signed-up member in', description: `\`at\` defaults to now; 409 when already checked in. ${RUNNERS}` })
  @ApiOkResponse({ type: ActivityView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(VolunteersRpc.activityCheckIn)
  checkIn(@Param('id', parseId) id: string, @Body() dto: ParticipationDto): Promise<ActivityView> {
    return this.rpc.send(VolunteersRpc.activityCheckIn, { ...dto, id });
  }

  @Post(':id/check-outs')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a member out and record the hours',
    description: `Hours = check-out − check-in rounded to the quarter hour (400 when not after check-in; 409 when not checked in). ${RUNNERS}`,
  })
  @ApiOkResponse({ type: ActivityView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(VolunteersRpc.activityCheckOut)
  checkOut(@Param('id', parseId) id: string, @Body() dto: ParticipationDto): Promise<ActivityView> {
    return this.rpc.send(VolunteersRpc.activityCheckOut, { ...dto, id });
  }

  @Post(':id/hours')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enter a member’s hours with a reason', description: `Instead of checking out: rounded to the quarter hour; 409 when hours were recorded already. ${RUNNERS}` })
  @ApiOkResponse({ type: ActivityView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(VolunteersRpc.activityEnterHours)
  enterHours(@Param('id', parseId) id: string, @Body() dto: EnterHoursDto): Promise<ActivityView> {
    return this.rpc.send(VolunteersRpc.activityEnterHours, { ...dto, id });
  }
}
