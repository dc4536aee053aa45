import type { Page } from '@citygrid/contracts';
import { CreateAccountDto, IdentityIdRequest, IdentityRpc, ListAccountsQuery, type AccountView, type Caller } from '@citygrid/contracts/identity';
import { rpcSubject } from '@citygrid/messaging';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { AccountsService } from './accounts.service';

/** NATS handlers for staff accounts; every one needs a verified caller. */
@RpcController()
export class AccountsRpcController {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(rpcSubject(IdentityRpc.accountCreate))
  create(@Payload('payload') dto: CreateAccountDto, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.create(caller, dto);
  }

  @MessagePattern(rpcSubject(IdentityRpc.accountGet))
  get(@Payload('payload') req: IdentityIdRequest, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.get(caller, req.id);
  }

  @MessagePattern(rpcSubject(IdentityRpc.accountList))
  list(@Payload('payload') q: ListAccountsQuery, @CurrentCaller() caller: Caller): Promise<Page<AccountView>> {
    return this.accounts.list(caller, q);
  }

  @MessagePattern(rpcSubject(IdentityRpc.accountDisable))
  disable(@Payload('payload') req: IdentityIdRequest, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.disable(caller, req.id);
  }
}
