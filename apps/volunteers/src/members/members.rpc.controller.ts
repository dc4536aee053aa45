import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { EnrolMemberDto, ListMembersQuery, VolunteersIdRequest, VolunteersRpc, type MemberView } from '@citygrid/contracts/volunteers';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { MembersService } from './members.service';

/** NATS handlers for party members. */
@RpcController()
export class MembersRpcController {
  constructor(private readonly members: MembersService) {}

  @MessagePattern(VolunteersRpc.memberEnrol)
  enrol(@CurrentCaller() caller: Caller, @Payload('payload') dto: EnrolMemberDto): Promise<MemberView> {
    return this.members.enrol(caller, dto);
  }

  @MessagePattern(VolunteersRpc.memberList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListMembersQuery): Promise<Page<MemberView>> {
    return this.members.list(caller, q);
  }

  @MessagePattern(VolunteersRpc.memberGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: VolunteersIdRequest): Promise<MemberView> {
    return this.members.get(caller, req.id);
  }
}
