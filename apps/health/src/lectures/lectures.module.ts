import { Module } from '@nestjs/common';

import { LecturesRpcController } from './lectures.rpc.controller';
import { LecturesService } from './lectures.service';

/** Health lectures and their attendance. */
@Module({ providers: [LecturesService], controllers: [LecturesRpcController] })
export class LecturesModule {}
