import { Module } from '@nestjs/common';

import { CasesModule } from '../cases/cases.module';
import { SupervisionRpcController } from './supervision.rpc.controller';
import { SupervisionService } from './supervision.service';

/** Supervision (督查督办): flags with tighter deadlines, and inspections of closed cases. */
@Module({ imports: [CasesModule], controllers: [SupervisionRpcController], providers: [SupervisionService] })
export class SupervisionModule {}
