import { Module } from '@nestjs/common';

import { EmployersModule } from '../employers/employers.module';
import { SeekersModule } from '../seekers/seekers.module';
import { MatchingRpcController } from './matching.rpc.controller';
import { MatchingService } from './matching.service';

/** Matching seekers and postings. */
@Module({ imports: [SeekersModule, EmployersModule], providers: [MatchingService], controllers: [MatchingRpcController] })
export class MatchingModule {}
