import { Module } from '@nestjs/common';

import { SessionsRpcController } from './sessions.rpc.controller';
import { SessionsService } from './sessions.service';

/** Remote-education sessions 远程教育 and their attendance. */
@Module({ controllers: [SessionsRpcController], providers: [SessionsService] })
export class SessionsModule {}
