import type { Page } from '@citygrid/contracts';
import { CreateSeekerDto, EmploymentIdRequest, EmploymentRpc, ListSeekersQuery, type SeekerView, UpdateSeekerRequest } from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { SeekersService } from './seekers.service';

/** NATS handlers of the job seekers. */
@RpcController()
export class SeekersRpcController {
  constructor(private readonly seekers: SeekersService) {}

  @MessagePattern(EmploymentRpc.seekerCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateSeekerDto): Promise<SeekerView> {
    return this.seekers.create(caller, dto);
  }

  @MessagePattern(EmploymentRpc.seekerList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListSeekersQuery): Promise<Page<SeekerView>> {
    return this.seekers.list(caller, q);
  }

  @MessagePattern(EmploymentRpc.seekerGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: EmploymentIdRequest): Promise<SeekerView> {
    return this.seekers.get(caller, req.id);
  }

  @MessagePattern(EmploymentRpc.seekerUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateSeekerRequest): Promise<SeekerView> {
    return this.seekers.update(caller, req);
  }
}
