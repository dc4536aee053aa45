import { Module } from '@nestjs/common';

import { CasesModule } from '../cases/cases.module';
import { PatrolsRpcController } from './patrols.rpc.controller';
import { PatrolsService } from './patrols.service';

/** Field logs: patrols and household visits, coverage, and the cases they raise (through intake). */
@Module({ imports: [CasesModule], controllers: [PatrolsRpcController], providers: [PatrolsService] })
export class PatrolsModule {}
