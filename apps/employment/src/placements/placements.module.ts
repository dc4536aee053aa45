import { Module } from '@nestjs/common';

import { EmployersModule } from '../employers/employers.module';
import { SeekersModule } from '../seekers/seekers.module';
import { PlacementsRpcController } from './placements.rpc.controller';
import { PlacementsService } from './placements.service';

/** Placements 新增就业 and their follow-ups. */
@Module({ imports: [SeekersModule, EmployersModule], providers: [PlacementsService], controllers: [PlacementsRpcController] })
export class PlacementsModule {}
