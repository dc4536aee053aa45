import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { AdvanceHelpRequestRequest, CreateHelpRequestRequest, ListHelpRequestsRequest, RelocationItemRequest, RelocationRpc, type HelpRequestView } from '@citygrid/contracts/relocation';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { HelpService } from './help.service';

/** NATS handlers for help requests: raised and moved by operators and grid staff of the project's area, read by staff in scope. */
@RpcController()
export class HelpRpcController {
  constructor(private readonly help: HelpService) {}

  @MessagePattern(RelocationRpc.helpCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateHelpRequestRequest): Promise<HelpRequestView> {
    return this.help.create(caller, dto);
  }

  @MessagePattern(RelocationRpc.helpList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListHelpRequestsRequest): Promise<Page<HelpRequestView>> {
    return this.help.list(caller, q);
  }

  @MessagePattern(RelocationRpc.helpGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: RelocationItemRequest): Promise<HelpRequestView> {
    return this.help.get(caller, req);
  }

  @MessagePattern(RelocationRpc.helpAdvance)
  advance(@CurrentCaller() caller: Caller, @Payload('payload') req: AdvanceHelpRequestRequest): Promise<HelpRequestView> {
    return this.help.advance(caller, req);
  }
}
