import { assertAllowed, isSystemAdmin, Public } from '@citygrid/auth';
import { IdentityRpc, type Caller, type JwksView, type KeyRotationView } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern } from '@nestjs/microservices';

import { SigningKeysService } from './signing-keys.service';

/** NATS handlers for the public key set and key rotation. */
@RpcController()
export class KeysRpcController {
  constructor(private readonly keys: SigningKeysService) {}

  @Public()
  @MessagePattern(IdentityRpc.keysJwks)
  jwks(): Promise<JwksView> {
    return this.keys.jwks();
  }

  @MessagePattern(IdentityRpc.keysRotate)
  rotate(@CurrentCaller() caller: Caller): Promise<KeyRotationView> {
    assertAllowed(isSystemAdmin(caller), 'Only the system administrator rotates signing keys.');
    return this.keys.rotate();
  }
}
