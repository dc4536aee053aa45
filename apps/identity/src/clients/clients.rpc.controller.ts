import type { Page } from '@citygrid/contracts';
import { CreateClientDto, IdentityIdRequest, IdentityRpc, ListClientsQuery, type Caller, type ClientView, type CreatedClientView } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ClientsService } from './clients.service';

/** NATS handlers for API clients (system administrator only). */
@RpcController()
export class ClientsRpcController {
  constructor(private readonly clients: ClientsService) {}

  @MessagePattern(IdentityRpc.clientCreate)
  create(@Payload('payload') dto: CreateClientDto, @CurrentCaller() caller: Caller): Promise<CreatedClientView> {
    return this.clients.create(caller, dto);
  }

  @MessagePattern(IdentityRpc.clientList)
  list(@Payload('payload') q: ListClientsQuery, @CurrentCaller() caller: Caller): Promise<Page<ClientView>> {
    return this.clients.list(caller, q);
  }

  @MessagePattern(IdentityRpc.clientDisable)
  disable(@Payload('payload') req: IdentityIdRequest, @CurrentCaller() caller: Caller): Promise<ClientView> {
    return this.clients.disable(caller, req.id);
  }
}
