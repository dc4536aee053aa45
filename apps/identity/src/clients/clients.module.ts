import { Module } from '@nestjs/common';

import { ClientsRpcController } from './clients.rpc.controller';
import { ClientsService } from './clients.service';

/** API clients of other city systems (OAuth 2.0 client credentials). */
@Module({
  controllers: [ClientsRpcController],
  providers: [ClientsService],
})
export class ApiClientsModule {}
