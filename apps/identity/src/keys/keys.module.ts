import { Module } from '@nestjs/common';

import { KeysRpcController } from './keys.rpc.controller';
import { SigningKeysService } from './signing-keys.service';

/** The signing keys of access tokens: the published key set and rotation. */
@Module({
  controllers: [KeysRpcController],
  providers: [SigningKeysService],
  exports: [SigningKeysService],
})
export class KeysModule {}
