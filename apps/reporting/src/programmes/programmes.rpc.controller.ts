import type { Caller } from '@citygrid/contracts/identity';
import { RelocationProgressQuery, ReportingRpc, VolunteerFiguresQuery, type RelocationProgressView, type VolunteerFiguresView } from '@citygrid/contracts/reporting';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ProgrammesService } from './programmes.service';

/** NATS handlers of the party, volunteer and relocation figures. */
@RpcController()
export class ProgrammesRpcController {
  constructor(private readonly programmes: ProgrammesService) {}

  @MessagePattern(ReportingRpc.volunteers)
  volunteers(@CurrentCaller() caller: Caller, @Payload('payload') q: VolunteerFiguresQuery): Promise<VolunteerFiguresView> {
    return this.programmes.volunteers(caller, q);
  }

  @MessagePattern(ReportingRpc.relocation)
  relocation(@CurrentCaller() caller: Caller, @Payload('payload') q: RelocationProgressQuery): Promise<RelocationProgressView> {
    return this.programmes.relocation(caller, q);
  }
}
