import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { CampaignIdRequest, CampaignsRpc, CreateCampaignDto, ListCampaignsQuery, type CampaignProgressView, type CampaignView } from '@citygrid/contracts/ticketing';
import { rpcSubject } from '@citygrid/messaging';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CampaignsService } from './campaigns.service';

/** NATS handlers for campaigns. */
@RpcController()
export class CampaignsRpcController {
  constructor(private readonly campaigns: CampaignsService) {}

  @MessagePattern(rpcSubject(CampaignsRpc.campaignCreate))
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(caller, dto);
  }

  @MessagePattern(rpcSubject(CampaignsRpc.campaignGet))
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CampaignIdRequest): Promise<CampaignView> {
    return this.campaigns.get(caller, req.id);
  }

  @MessagePattern(rpcSubject(CampaignsRpc.campaignList))
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListCampaignsQuery): Promise<Page<CampaignView>> {
    return this.campaigns.list(caller, q);
  }

  @MessagePattern(rpcSubject(CampaignsRpc.campaignProgress))
  progress(@CurrentCaller() caller: Caller, @Payload('payload') req: CampaignIdRequest): Promise<CampaignProgressView> {
    return this.campaigns.progress(caller, req.id);
  }
}
