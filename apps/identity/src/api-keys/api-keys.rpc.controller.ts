import {
  ExchangeApiKeyRequest,
  IdentityRpc,
  IssueApiKeyDto,
  ListApiKeysRequest,
  RevokeApiKeyRequest,
  type ApiKeyView,
  type Caller,
  type IssuedApiKeyView,
  type TokenResponse,
} from '@citygrid/contracts/identity';
import { Public } from '@citygrid/auth';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ApiKeysService } from './api-keys.service';

/** NATS handlers for Open311 API keys: managed by the system administrator; exchanged without a caller (the key is the credential). */
@RpcController()
export class ApiKeysRpcController {
  constructor(private readonly keys: ApiKeysService) {}

  @MessagePattern(IdentityRpc.apiKeyIssue)
  issue(@Payload('payload') dto: IssueApiKeyDto, @CurrentCaller() caller: Caller): Promise<IssuedApiKeyView> {
    return this.keys.issue(caller, dto);
  }

  @MessagePattern(IdentityRpc.apiKeyList)
  list(@Payload('payload') req: ListApiKeysRequest, @CurrentCaller() caller: Caller): Promise<ApiKeyView[]> {
    return this.keys.list(caller, req.clientId);
  }

  @MessagePattern(IdentityRpc.apiKeyRevoke)
  revoke(@Payload('payload') req: RevokeApiKeyRequest, @CurrentCaller() caller: Caller): Promise<ApiKeyView> {
    return this.keys.revoke(caller, req.clientId, req.keyId);
  }

  @Public()
  @MessagePattern(IdentityRpc.apiKeyExchange)
  exchange(@Payload('payload') req: ExchangeApiKeyRequest): Promise<TokenResponse> {
    return this.keys.exchange(req.key);
  }
}
