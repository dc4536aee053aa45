import { EmploymentRpc, MatchRequest, type PostingMatchView, type SeekerMatchView } from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { MatchingService } from './matching.service';

/** NATS handlers of matching. */
@RpcController()
export class MatchingRpcController {
  constructor(private readonly matching: MatchingService) {}

  @MessagePattern(EmploymentRpc.seekerMatches)
  forSeeker(@CurrentCaller() caller: Caller, @Payload('payload') req: MatchRequest): Promise<PostingMatchView[]> {
    return this.matching.forSeeker(caller, req);
  }

  @MessagePattern(EmploymentRpc.postingMatches)
  forPosting(@CurrentCaller() caller: Caller, @Payload('payload') req: MatchRequest): Promise<SeekerMatchView[]> {
    return this.matching.forPosting(caller, req);
  }
}
