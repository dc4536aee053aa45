import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { AccountsRpcController } from './accounts.rpc.controller';
import { AccountsService } from './accounts.service';

/** Staff and operator accounts (the first administrator too); disabling one ends its sessions. */
@Module({
  imports: [AuthModule],
  controllers: [AccountsRpcController],
  providers: [AccountsService],
})
export class AccountsModule {}
