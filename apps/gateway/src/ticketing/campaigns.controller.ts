import type { Page } from '@citygrid/contracts';
import { CampaignProgressView, CampaignsRpc, CampaignView, CreateCampaignDto, ListCampaignsQuery } from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Campaigns 专项整治 over an area and a set of categories, and their progress. */
@ApiTags('Campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Start a campaign (operators at subdistrict level or above, in their area)' })
  @ApiCreatedResponse({ type: CampaignView })
  @ApiProblems(400, 404, 422)
  @Calls(CampaignsRpc.campaignCreate)
  create(@Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return this.rpc.send(CampaignsRpc.campaignCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns in your area' })
  @ApiPage(CampaignView)
  @ApiProblems(400)
  @Calls(CampaignsRpc.campaignList)
  list(@Query() q: ListCampaignsQuery): Promise<Page<CampaignView>> {
    return this.rpc.send(CampaignsRpc.campaignList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One campaign' })
  @ApiOkResponse({ type: CampaignView })
  @ApiProblems(400, 404)
  @Calls(CampaignsRpc.campaignGet)
  get(@Param('id', parseId) id: string): Promise<CampaignView> {
    return this.rpc.send(CampaignsRpc.campaignGet, { id });
  }

  @Get(':id/progress')
  @ApiOperation({ summary: 'Progress: cases found, closed, overdue, and the closure rate 办结率 (computed when asked)' })
  @ApiOkResponse({ type: CampaignProgressView })
  @ApiProblems(400, 404)
  @Calls(CampaignsRpc.campaignProgress)
  progress(@Param('id', parseId) id: string): Promise<CampaignProgressView> {
    return this.rpc.send(CampaignsRpc.campaignProgress, { id });
  }
}
