import { Module } from '@nestjs/common';

import { HelpRpcController } from './help.rpc.controller';
import { HelpService } from './help.service';

/** Help requests for moving households: schooling (through the schooling service) and rental help. */
@Module({ controllers: [HelpRpcController], providers: [HelpService] })
export class HelpModule {}
