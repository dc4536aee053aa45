import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { ApiKeysRpcController } from './api-keys.rpc.controller';
import { ApiKeysService } from './api-keys.service';

/** Open311 API keys of API clients (hashed, revocable, exchanged for the client's token). */
@Module({
  imports: [AuthModule],
  controllers: [ApiKeysRpcController],
  providers: [ApiKeysService],
})
export class ApiKeysModule {}
