import type { Page } from '@citygrid/contracts';
import { CreateAccountDto, IdentityIdRequest, IdentityRpc, ListAccountsQuery, UpdateAccountRequest, type AccountView, type Caller, type PasswordResetView } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { AccountsService } from './accounts.service';

/** NATS handlers for staff accounts; every one needs a verified caller. */
@RpcController()
export class AccountsRpcController {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(IdentityRpc.accountCreate)
  create(@Payload('payload') dto: CreateAccountDto, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.create(caller, dto);
  }

  @MessagePattern(IdentityRpc.accountGet)
  get(@Payload('payload') req: IdentityIdRequest, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.get(caller, req.id);
  }

  @MessagePattern(IdentityRpc.accountList)
  list(@Payload('payload') q: ListAccountsQuery, @CurrentCaller() caller: Caller): Promise<Page<AccountView>> {
    return this.accounts.list(caller, q);
  }

  @MessagePattern(IdentityRpc.accountDisable)
  disable(@Payload('payload') req: IdentityIdRequest, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.disable(caller, req.id);
  }

  @MessagePattern(IdentityRpc.accountUpdate)
  update(@Payload('payload') req: UpdateAccountRequest, @CurrentCaller() caller: Caller): Promise<AccountView> {
    return this.accounts.update(caller, req.id, req.changes);
  }

  @MessagePattern(IdentityRpc.accountPasswordReset)
  resetPassword(@Payload('payload') req: IdentityIdRequest, @CurrentCaller() caller: Caller): Promise<PasswordResetView> {
    return this.accounts.resetPassword(caller, req.id);
  }
}
