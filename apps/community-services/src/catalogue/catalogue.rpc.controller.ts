import { CommunityServicesRpc, CreateRequestTypeDto, ListRequestTypesQuery, UpdateRequestTypeRequest, type RequestTypeView } from '@citygrid/contracts/community-services';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CatalogueService } from './catalogue.service';

/** NATS handlers for the centres' catalogues of request types. */
@RpcController()
export class CatalogueRpcController {
  constructor(private readonly catalogue: CatalogueService) {}

  @MessagePattern(CommunityServicesRpc.requestTypeList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListRequestTypesQuery): Promise<RequestTypeView[]> {
    return this.catalogue.list(caller, q);
  }

  @MessagePattern(CommunityServicesRpc.requestTypeCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateRequestTypeDto): Promise<RequestTypeView> {
    return this.catalogue.create(caller, dto);
  }

  @MessagePattern(CommunityServicesRpc.requestTypeUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateRequestTypeRequest): Promise<RequestTypeView> {
    return this.catalogue.update(caller, req);
  }
}
