import type { RpcRequest, RpcResponse } from '@citygrid/contracts';
import type { IdentityRpcMap } from '@citygrid/contracts/identity';
import { Injectable } from '@nestjs/common';

import { RpcClient } from '../shared/rpc-client.service';

/** Typed client of identity. */
@Injectable()
export class IdentityClient {
  constructor(private readonly rpc: RpcClient) {}

  send<P extends keyof IdentityRpcMap & string>(pattern: P, payload: RpcRequest<IdentityRpcMap, P>): Promise<RpcResponse<IdentityRpcMap, P>> {
    return this.rpc.send<IdentityRpcMap, P>(pattern, payload);
  }
}
