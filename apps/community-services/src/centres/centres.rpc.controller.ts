import { CommunityServicesIdRequest, CommunityServicesRpc, CreateCentreDto, ListCentresQuery, UpdateCentreRequest, type CentreView } from '@citygrid/contracts/community-services';
import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CentresService } from './centres.service';

/** NATS handlers for the centres: read by staff in the area, managed by its operators. */
@RpcController()
export class CentresRpcController {
  constructor(private readonly centres: CentresService) {}

  @MessagePattern(CommunityServicesRpc.centreCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateCentreDto): Promise<CentreView> {
    return this.centres.create(caller, dto);
  }

  @MessagePattern(CommunityServicesRpc.centreList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListCentresQuery): Promise<Page<CentreView>> {
    return this.centres.list(caller, q);
  }

  @MessagePattern(CommunityServicesRpc.centreGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CommunityServicesIdRequest): Promise<CentreView> {
    return this.centres.get(caller, req.id);
  }

  @MessagePattern(CommunityServicesRpc.centreUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateCentreRequest): Promise<CentreView> {
    return this.centres.update(caller, req);
  }

  @MessagePattern(CommunityServicesRpc.centreDelete)
  remove(@CurrentCaller() caller: Caller, @Payload('payload') req: CommunityServicesIdRequest): Promise<CentreView> {
    return this.centres.remove(caller, req.id);
  }
}
