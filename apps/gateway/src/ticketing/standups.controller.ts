import type { Page } from '@citygrid/contracts';
import { AgendaQuery, AgendaView, ListStandupsQuery, RecordStandupDto, StandupsRpc, StandupView } from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Daily stand-ups 日碰头: the agenda, and the meetings with a decision per case. */
@ApiTags('Stand-ups')
@Controller('standups')
export class StandupsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('agenda')
  @ApiOperation({ summary: "A node's stand-up agenda for a day: new, overdue, escalated, supervised and returned cases" })
  @ApiOkResponse({ type: AgendaView })
  @ApiProblems(400, 404)
  @Calls(StandupsRpc.standupAgenda)
  agenda(@Query() q: AgendaQuery): Promise<AgendaView> {
    return this.rpc.send(StandupsRpc.standupAgenda, q);
  }

  @Post()
  @ApiOperation({ summary: 'Record a stand-up: attendees and a decision (plan, owner, due date) per case' })
  @ApiCreatedResponse({ type: StandupView })
  @ApiProblems(400, 404, 422)
  @Calls(StandupsRpc.standupRecord)
  record(@Body() dto: RecordStandupDto): Promise<StandupView> {
    return this.rpc.send(StandupsRpc.standupRecord, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List stand-ups in your area' })
  @ApiPage(StandupView)
  @ApiProblems(400)
  @Calls(StandupsRpc.standupList)
  list(@Query() q: ListStandupsQuery): Promise<Page<StandupView>> {
    return this.rpc.send(StandupsRpc.standupList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One stand-up' })
  @ApiOkResponse({ type: StandupView })
  @ApiProblems(400, 404)
  @Calls(StandupsRpc.standupGet)
  get(@Param('id', parseId) id: string): Promise<StandupView> {
    return this.rpc.send(StandupsRpc.standupGet, { id });
  }
}
