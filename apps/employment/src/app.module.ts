import { type DynamicModule, Module } from '@nestjs/common';

import { type EmploymentEnv } from './config';
import { EmploymentCoreModule } from './core.module';
import { EmployersModule } from './employers/employers.module';
import { FairsModule } from './fairs/fairs.module';
import { MatchingModule } from './matching/matching.module';
import { PlacementsModule } from './placements/placements.module';
import { SeekersModule } from './seekers/seekers.module';
import { TargetsModule } from './targets/targets.module';

/** employment: job seekers, employers and postings, fairs and campaigns, matching, placements and yearly targets; one module each. */
@Module({})
export class EmploymentModule {
  static forRoot(env: EmploymentEnv): DynamicModule {
    return {
      module: EmploymentModule,
      imports: [EmploymentCoreModule.forRoot(env), SeekersModule, EmployersModule, FairsModule, MatchingModule, PlacementsModule, TargetsModule],
    };
  }
}
