import type { Page } from '@citygrid/contracts';
import { CreateFairDto, EmploymentRpc, FairView, ListFairsQuery, RecordAttendanceDto, RecordOfferDto } from '@citygrid/contracts/employment';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';
import { WHO } from './seekers.controller';

/** Job fairs 用工洽谈会 and campaigns: 春风行动 (`spring_breeze`), 就业援助月 (`aid_month`). */
@ApiTags('Employment')
@Controller('employment/fairs')
export class JobFairsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Schedule a job fair or campaign event, with the employers attending',
    description: `Unknown node or employer: 422 naming the field. ${WHO} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: FairView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(EmploymentRpc.fairCreate)
  create(@Body() dto: CreateFairDto): Promise<FairView> {
    return this.rpc.send(EmploymentRpc.fairCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Fairs and campaign events of your area, latest first', description: WHO })
  @ApiPage(FairView)
  @ApiProblems(400, 401, 403)
  @Calls(EmploymentRpc.fairList)
  list(@Query() q: ListFairsQuery): Promise<Page<FairView>> {
    return this.rpc.send(EmploymentRpc.fairList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One fair with its attendance and offers', description: WHO })
  @ApiOkResponse({ type: FairView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(EmploymentRpc.fairGet)
  get(@Param('id', parseId) id: string): Promise<FairView> {
    return this.rpc.send(EmploymentRpc.fairGet, { id });
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record seekers who attended', description: `Added to those recorded; a seeker recorded twice counts once. Unknown seeker: 422 naming \`seekerIds[i]\`. ${WHO}` })
  @ApiOkResponse({ type: FairView })
  @ApiProblems(400, 401, 403, 404, 422)
  @Calls(EmploymentRpc.fairAttendance)
  attendance(@Param('id', parseId) id: string, @Body() dto: RecordAttendanceDto): Promise<FairView> {
    return this.rpc.send(EmploymentRpc.fairAttendance, { ...dto, id });
  }

  @Post(':id/offers')
  @ApiOperation({
    summary: 'Record an offer made at the fair (a seeker × a posting)',
    description: `The seeker must have attended and the posting be open and of an employer attending (422 otherwise); the same offer twice: 409. ${WHO}`,
  })
  @ApiCreatedResponse({ type: FairView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(EmploymentRpc.fairOffer)
  offer(@Param('id', parseId) id: string, @Body() dto: RecordOfferDto): Promise<FairView> {
    return this.rpc.send(EmploymentRpc.fairOffer, { ...dto, id });
  }
}
