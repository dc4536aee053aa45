import type { Page } from '@citygrid/contracts';
import {
  CreateEmployerDto,
  CreatePostingDto,
  EmploymentIdRequest,
  EmploymentRpc,
  ListEmployersQuery,
  ListPostingsQuery,
  UpdatePostingRequest,
  type EmployerView,
  type PostingView,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { EmployersService } from './employers.service';

/** NATS handlers of the employers and their postings. */
@RpcController()
export class EmployersRpcController {
  constructor(private readonly employers: EmployersService) {}

  @MessagePattern(EmploymentRpc.employerCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateEmployerDto): Promise<EmployerView> {
    return this.employers.create(caller, dto);
  }

  @MessagePattern(EmploymentRpc.employerList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListEmployersQuery): Promise<Page<EmployerView>> {
    return this.employers.list(caller, q);
  }

  @MessagePattern(EmploymentRpc.employerGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: EmploymentIdRequest): Promise<EmployerView> {
    return this.employers.get(caller, req.id);
  }

  @MessagePattern(EmploymentRpc.postingCreate)
  createPosting(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreatePostingDto): Promise<PostingView> {
    return this.employers.createPosting(caller, dto);
  }

  @MessagePattern(EmploymentRpc.postingList)
  listPostings(@CurrentCaller() caller: Caller, @Payload('payload') q: ListPostingsQuery): Promise<Page<PostingView>> {
    return this.employers.listPostings(caller, q);
  }

  @MessagePattern(EmploymentRpc.postingGet)
  getPosting(@CurrentCaller() caller: Caller, @Payload('payload') req: EmploymentIdRequest): Promise<PostingView> {
    return this.employers.getPosting(caller, req.id);
  }

  @MessagePattern(EmploymentRpc.postingUpdate)
  updatePosting(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdatePostingRequest): Promise<PostingView> {
    return this.employers.updatePosting(caller, req);
  }
}
