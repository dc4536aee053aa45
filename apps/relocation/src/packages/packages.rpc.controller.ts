import type { Caller } from '@citygrid/contracts/identity';
import { AssignHouseholdsRequest, CreateWorkPackageRequest, RelocationProjectRequest, RelocationRpc, type WorkPackageView } from '@citygrid/contracts/relocation';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { PackagesService } from './packages.service';

/** NATS handlers for work packages: made and filled by operators of the project's area, read by staff in scope. */
@RpcController()
export class PackagesRpcController {
  constructor(private readonly packages: PackagesService) {}

  @MessagePattern(RelocationRpc.packageCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateWorkPackageRequest): Promise<WorkPackageView> {
    return this.packages.create(caller, dto);
  }

  @MessagePattern(RelocationRpc.packageList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') req: RelocationProjectRequest): Promise<WorkPackageView[]> {
    return this.packages.list(caller, req);
  }

  @MessagePattern(RelocationRpc.packageAssign)
  assign(@CurrentCaller() caller: Caller, @Payload('payload') req: AssignHouseholdsRequest): Promise<WorkPackageView> {
    return this.packages.assign(caller, req);
  }
}
