import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { AgendaQuery, ListStandupsQuery, RecordStandupDto, StandupIdRequest, StandupsRpc, type AgendaView, type StandupView } from '@citygrid/contracts/ticketing';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { StandupsService } from './standups.service';

/** NATS handlers for daily stand-ups. */
@RpcController()
export class StandupsRpcController {
  constructor(private readonly standups: StandupsService) {}

  @MessagePattern(StandupsRpc.standupAgenda)
  agenda(@CurrentCaller() caller: Caller, @Payload('payload') q: AgendaQuery): Promise<AgendaView> {
    return this.standups.agenda(caller, q);
  }

  @MessagePattern(StandupsRpc.standupRecord)
  record(@CurrentCaller() caller: Caller, @Payload('payload') dto: RecordStandupDto): Promise<StandupView> {
    return this.standups.record(caller, dto);
  }

  @MessagePattern(StandupsRpc.standupGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: StandupIdRequest): Promise<StandupView> {
    return this.standups.get(caller, req.id);
  }

  @MessagePattern(StandupsRpc.standupList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListStandupsQuery): Promise<Page<StandupView>> {
    return this.standups.list(caller, q);
  }
}
