import type { Page } from '@citygrid/contracts';
import {
  AttendSessionDto,
  CreateOrganisationDto,
  CreateSessionDto,
  EnrolMemberDto,
  FormationQuery,
  FormationView,
  ListMembersQuery,
  ListOrganisationsQuery,
  MemberView,
  OrganisationView,
  RegisterUnitDto,
  SessionView,
  UnitView,
  UpdateOrganisationDto,
  VolunteersRpc,
} from '@citygrid/contracts/volunteers';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const READERS = 'Staff see the records of their subtree; any other answers 404.';
const MANAGERS = 'Operators of the area (and the system administrator) manage them; anyone else gets 403.';
const RUNNERS = 'Grid staff and operators of the area run the sessions; anyone else gets 403.';

/** Units (grid-registry places of kind `unit`) counted by the formation rule. */
@ApiTags('Volunteers')
@Controller('volunteers/units')
export class VolunteerUnitsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Register (or re-register) a unit for the formation rule',
    description: `\`placeId\`: a grid-registry place of kind \`unit\` you see (422 otherwise). A unit should have a branch when decided explicitly (\`shouldHaveBranch\`) or, left out, when it is a non-public enterprise with at least FORMATION_MIN_MEMBERS party members. ${MANAGERS}`,
  })
  @ApiCreatedResponse({ type: UnitView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(VolunteersRpc.unitRegister)
  register(@Body() dto: RegisterUnitDto): Promise<UnitView> {
    return this.rpc.send(VolunteersRpc.unitRegister, dto);
  }
}

/** Party organisations 党组织 (支部, 总支, 党委) and their formation rate 组建率. */
@ApiTags('Volunteers')
@Controller('volunteers/organisations')
export class PartyOrganisationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Form a party organisation',
    description: `Hosted by a node (\`nodeCode\`, 422 when unknown) or by a registered unit (\`hostUnitId\`, its grid when no node is given). ${MANAGERS}`,
  })
  @ApiCreatedResponse({ type: OrganisationView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(VolunteersRpc.organisationCreate)
  create(@Body() dto: CreateOrganisationDto): Promise<OrganisationView> {
    return this.rpc.send(VolunteersRpc.organisationCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Party organisations, oldest first', description: READERS })
  @ApiPage(OrganisationView)
  @ApiProblems(400, 401, 403)
  @Calls(VolunteersRpc.organisationList)
  list(@Query() q: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    return this.rpc.send(VolunteersRpc.organisationList, q);
  }

  @Get('formation')
  @ApiOperation({
    summary: 'The formation rate of a subtree',
    description: `Units that should have a branch and have an active organisation, over units that should have one; percent rounded half-up to two places. \`node\` defaults to your scope. ${READERS}`,
  })
  @ApiOkResponse({ type: FormationView })
  @ApiProblems(400, 401, 403, 404, 422)
  @Calls(VolunteersRpc.formation)
  formation(@Query() q: FormationQuery): Promise<FormationView> {
    return this.rpc.send(VolunteersRpc.formation, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One party organisation', description: READERS })
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.organisationGet)
  get(@Param('id', parseId) id: string): Promise<OrganisationView> {
    return this.rpc.send(VolunteersRpc.organisationGet, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or dissolve a party organisation', description: `Only the fields given change. ${MANAGERS}` })
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.organisationUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateOrganisationDto): Promise<OrganisationView> {
    return this.rpc.send(VolunteersRpc.organisationUpdate, { ...dto, id });
  }
}

/** Party members: grid-registry residents in an organisation and their grid. */
@ApiTags('Volunteers')
@Controller('volunteers/members')
export class PartyMembersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Enrol a party member',
    description: `\`residentId\`: a resident you see (422 otherwise); the member's grid is the resident's. The phone is stored encrypted and masked for callers without personal-data rights. ${MANAGERS}`,
  })
  @ApiCreatedResponse({ type: MemberView })
  @ApiProblems(400, 401, 403, 409, 422)
  @Calls(VolunteersRpc.memberEnrol)
  enrol(@Body() dto: EnrolMemberDto): Promise<MemberView> {
    return this.rpc.send(VolunteersRpc.memberEnrol, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Party members', description: READERS })
  @ApiPage(MemberView)
  @ApiProblems(400, 401, 403)
  @Calls(VolunteersRpc.memberList)
  list(@Query() q: ListMembersQuery): Promise<Page<MemberView>> {
    return this.rpc.send(VolunteersRpc.memberList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One party member', description: READERS })
  @ApiOkResponse({ type: MemberView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.memberGet)
  get(@Param('id', parseId) id: string): Promise<MemberView> {
    return this.rpc.send(VolunteersRpc.memberGet, { id });
  }
}

/** Remote-education sessions 远程教育 of an organisation and their attendance. */
@ApiTags('Volunteers')
@Controller('volunteers/sessions')
export class EducationSessionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a remote-education session', description: `For the members of \`organisationId\` (422 when unknown in your area). ${RUNNERS}` })
  @ApiCreatedResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(VolunteersRpc.sessionCreate)
  create(@Body() dto: CreateSessionDto): Promise<SessionView> {
    return this.rpc.send(VolunteersRpc.sessionCreate, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session with its attendees', description: READERS })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(VolunteersRpc.sessionGet)
  get(@Param('id', parseId) id: string): Promise<SessionView> {
    return this.rpc.send(VolunteersRpc.sessionGet, { id });
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record who attended a session', description: `Members of the session's organisation (422 naming each other one); one already recorded is kept once. ${RUNNERS}` })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404, 422)
  @Calls(VolunteersRpc.sessionAttend)
  attend(@Param('id', parseId) id: string, @Body() dto: AttendSessionDto): Promise<SessionView> {
    return this.rpc.send(VolunteersRpc.sessionAttend, { ...dto, id });
  }
}
