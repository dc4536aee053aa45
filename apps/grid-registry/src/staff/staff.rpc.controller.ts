import type { Page } from '@citygrid/contracts';
import { AssignStaffDto, CodeRequest, CreateStaffDto, GridRegistryRpc, IdRequest, PageQuery, type AssignmentView, type StaffView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { StaffService } from './staff.service';

/** NATS handlers for staff and assignments. */
@RpcController()
export class StaffRpcController {
  constructor(private readonly staff: StaffService) {}

  @MessagePattern(GridRegistryRpc.staffCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.staffGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<StaffView> {
    return this.staff.get(caller, req.id);
  }

  @MessagePattern(GridRegistryRpc.staffList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: PageQuery): Promise<Page<StaffView>> {
    return this.staff.list(caller, q);
  }

  @MessagePattern(GridRegistryRpc.staffAssign)
  assign(@CurrentCaller() caller: Caller, @Payload('payload') dto: AssignStaffDto): Promise<AssignmentView> {
    return this.staff.assign(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.staffUnassign)
  unassign(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<AssignmentView> {
    return this.staff.unassign(caller, req.id);
  }

  @MessagePattern(GridRegistryRpc.nodeStaff)
  atNode(@CurrentCaller() caller: Caller, @Payload('payload') req: CodeRequest): Promise<AssignmentView[]> {
    return this.staff.atNode(caller, req.code);
  }
}
