import type { Page } from '@citygrid/contracts';
import { CreateFollowUpDto, HomeVisitFollowUpView, HealthRpc, ListFollowUpsQuery, LogHomeVisitDto, UpdateFollowUpDto } from '@citygrid/contracts/health';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { MANAGE, READ, VISIT } from './roles';

/** Home visits for the elderly and chronically ill: the follow-up list, the visits, who is due. */
@ApiTags('Health')
@Controller('health/follow-ups')
export class HealthFollowUpsController {
  constructor(private readonly health: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Put a resident on the home-visit follow-up list',
    description: `\`residentId\` is a grid-registry resident you may see (422 otherwise); the follow-up belongs to the resident's grid. The first visit is due the day of enrolment. Already on the list: 409. ${MANAGE} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: HomeVisitFollowUpView })
  @ApiProblems(400, 401, 403, 409, 422)
  @Calls(HealthRpc.followUpCreate)
  create(@Body() dto: CreateFollowUpDto): Promise<HomeVisitFollowUpView> {
    return this.health.send(HealthRpc.followUpCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The follow-up list in your area; `due=true`: who is due or overdue for a visit', description: `Ordered by the date the next visit is due. ${READ}` })
  @ApiPage(HomeVisitFollowUpView)
  @ApiProblems(400, 401, 403)
  @Calls(HealthRpc.followUpList)
  list(@Query() q: ListFollowUpsQuery): Promise<Page<HomeVisitFollowUpView>> {
    return this.health.send(HealthRpc.followUpList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One follow-up with its visits', description: `Visit notes only for roles that see personal data (null otherwise). ${READ}` })
  @ApiOkResponse({ type: HomeVisitFollowUpView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.followUpGet)
  get(@Param('id', parseId) id: string): Promise<HomeVisitFollowUpView> {
    return this.health.send(HealthRpc.followUpGet, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change conditions or interval, or take a resident off the list (`active: false`)', description: `${MANAGE} Bad input: 400 naming each field.` })
  @ApiOkResponse({ type: HomeVisitFollowUpView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.followUpUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateFollowUpDto): Promise<HomeVisitFollowUpView> {
    return this.health.send(HealthRpc.followUpUpdate, { ...dto, id });
  }

  @Post(':id/visits')
  @ApiOperation({
    summary: 'Log a home visit',
    description: `The next visit falls due \`intervalDays\` after the latest visit. A date in the future: 422; an inactive follow-up: 409. ${VISIT} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: HomeVisitFollowUpView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(HealthRpc.visitLog)
  visit(@Param('id', parseId) id: string, @Body() dto: LogHomeVisitDto): Promise<HomeVisitFollowUpView> {
    return this.health.send(HealthRpc.visitLog, { ...dto, id });
  }
}
