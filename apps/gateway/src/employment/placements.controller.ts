import type { Page } from '@citygrid/contracts';
import { CancelPlacementDto, EmploymentRpc, FollowUpDueView, ListFollowUpsDueQuery, ListPlacementsQuery, PlacementView, RecordFollowUpDto, RecordPlacementDto } from '@citygrid/contracts/employment';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { WHO } from './seekers.controller';

/** Placements 新增就业 and their follow-ups. */
@ApiTags('Employment')
@Controller('employment/placements')
export class PlacementsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Record a placement: the seeker found work and becomes placed',
    description: `\`employed\` needs \`employerId\` (400); \`self_employed\` takes neither employer nor posting. A seeker already placed: 409. Unknown seeker, employer or posting: 422 naming the field. Publishes \`citygrid.placement.recorded.v1\`. ${WHO}`,
  })
  @ApiCreatedResponse({ type: PlacementView })
  @ApiProblems(400, 401, 403, 409, 422)
  @Calls(EmploymentRpc.placementRecord)
  record(@Body() dto: RecordPlacementDto): Promise<PlacementView> {
    return this.rpc.send(EmploymentRpc.placementRecord, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Placements of your area, latest first', description: WHO })
  @ApiPage(PlacementView)
  @ApiProblems(400, 401, 403)
  @Calls(EmploymentRpc.placementList)
  list(@Query() q: ListPlacementsQuery): Promise<Page<PlacementView>> {
    return this.rpc.send(EmploymentRpc.placementList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One placement with its follow-ups', description: WHO })
  @ApiOkResponse({ type: PlacementView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.placementGet)
  get(@Param('id', parseId) id: string): Promise<PlacementView> {
    return this.rpc.send(EmploymentRpc.placementGet, { id });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a placement recorded by mistake',
    description: `It no longer counts and the seeker seeks again. Already cancelled: 409. Publishes \`citygrid.placement.cancelled.v1\`. ${WHO}`,
  })
  @ApiOkResponse({ type: PlacementView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(EmploymentRpc.placementCancel)
  cancel(@Param('id', parseId) id: string, @Body() dto: CancelPlacementDto): Promise<PlacementView> {
    return this.rpc.send(EmploymentRpc.placementCancel, { ...dto, id });
  }

  @Post(':id/follow-ups')
  @ApiOperation({ summary: 'Record a follow-up of a placement (still employed?)', description: `Dated before the placement: 422; a cancelled placement: 409. ${WHO}` })
  @ApiCreatedResponse({ type: PlacementView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(EmploymentRpc.placementFollowUp)
  followUp(@Param('id', parseId) id: string, @Body() dto: RecordFollowUpDto): Promise<PlacementView> {
    return this.rpc.send(EmploymentRpc.placementFollowUp, { ...dto, id });
  }
}

/** The follow-up list 回访清单: due 3 and 6 months after each placement. */
@ApiTags('Employment')
@Controller('employment/follow-ups')
export class FollowUpsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Follow-ups due, soonest first', description: `One 3 and one 6 months after each placement that counts, until a follow-up is recorded on or after the day. ${WHO}` })
  @ApiPage(FollowUpDueView)
  @ApiProblems(400, 401, 403)
  @Calls(EmploymentRpc.followUpsDue)
  due(@Query() q: ListFollowUpsDueQuery): Promise<Page<FollowUpDueView>> {
    return this.rpc.send(EmploymentRpc.followUpsDue, q);
  }
}
