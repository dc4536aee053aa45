import { type DynamicModule, Module } from '@nestjs/common';

import { type HealthEnv } from './config';
import { HealthCoreModule } from './core.module';
import { CoverageModule } from './coverage/coverage.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { LecturesModule } from './lectures/lectures.module';
import { StationsModule } from './stations/stations.module';

/** health: community health stations, their 15-minute coverage, health lectures and home visits; one module each. */
@Module({})
export class HealthModule {
  static forRoot(env: HealthEnv): DynamicModule {
    return {
      module: HealthModule,
      imports: [HealthCoreModule.forRoot(env), CoverageModule, StationsModule, LecturesModule, FollowUpsModule],
    };
  }
}
