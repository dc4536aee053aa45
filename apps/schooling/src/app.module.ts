import { type DynamicModule, Module } from '@nestjs/common';

import { type SchoolingEnv } from './config';
import { SchoolingCoreModule } from './core.module';
import { RequestsModule } from './requests/requests.module';
import { SchoolsModule } from './schools/schools.module';

/** schooling: schools with their catchments (学区) and enrolment help requests (入学协助); one module each. */
@Module({})
export class SchoolingModule {
  static forRoot(env: SchoolingEnv): DynamicModule {
    return { module: SchoolingModule, imports: [SchoolingCoreModule.forRoot(env), SchoolsModule, RequestsModule] };
  }
}
