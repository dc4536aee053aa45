import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { CampaignIdRequest, CampaignsRpc, CreateCampaignDto, ListCampaignsQuery, type CampaignProgressView, type CampaignView } from '@citygrid/contracts/ticketing';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CampaignsService } from './campaigns.service';

/** NATS handlers for campaigns. */
@RpcController()
export class CampaignsRpcController {
  constructor(private readonly campaigns: CampaignsService) {}

  @MessagePattern(CampaignsRpc.campaignCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(caller, dto);
  }

  @MessagePattern(CampaignsRpc.campaignGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CampaignIdRequest): Promise<CampaignView> {
    return this.campaigns.get(caller, req.id);
  }

  @MessagePattern(CampaignsRpc.campaignList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListCampaignsQuery): Promise<Page<CampaignView>> {
    return this.campaigns.list(caller, q);
  }

  @MessagePattern(CampaignsRpc.campaignProgress)
  progress(@CurrentCaller() caller: Caller, @Payload('payload') req: CampaignIdRequest): Promise<CampaignProgressView> {
    return this.campaigns.progress(caller, req.id);
  }
}
