import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { AgendaQuery, ListStandupsQuery, RecordStandupDto, StandupIdRequest, StandupsRpc, type AgendaView, type StandupView } from '@citygrid/contracts/ticketing';
import { rpcSubject } from '@citygrid/messaging';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { StandupsService } from './standups.service';

/** NATS handlers for daily stand-ups. */
@RpcController()
export class StandupsRpcController {
  constructor(private readonly standups: StandupsService) {}

  @MessagePattern(rpcSubject(StandupsRpc.standupAgenda))
  agenda(@CurrentCaller() caller: Caller, @Payload('payload') q: AgendaQuery): Promise<AgendaView> {
    return this.standups.agenda(caller, q);
  }

  @MessagePattern(rpcSubject(StandupsRpc.standupRecord))
  record(@CurrentCaller() caller: Caller, @Payload('payload') dto: RecordStandupDto): Promise<StandupView> {
    return this.standups.record(caller, dto);
  }

  @MessagePattern(rpcSubject(StandupsRpc.standupGet))
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: StandupIdRequest): Promise<StandupView> {
    return this.standups.get(caller, req.id);
  }

  @MessagePattern(rpcSubject(StandupsRpc.standupList))
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListStandupsQuery): Promise<Page<StandupView>> {
    return this.standups.list(caller, q);
  }
}
