import { Module } from '@nestjs/common';

import { EmployersModule } from '../employers/employers.module';
import { SeekersModule } from '../seekers/seekers.module';
import { FairsRpcController } from './fairs.rpc.controller';
import { FairsService } from './fairs.service';

/** Job fairs and campaigns. */
@Module({ imports: [SeekersModule, EmployersModule], providers: [FairsService], controllers: [FairsRpcController] })
export class FairsModule {}
