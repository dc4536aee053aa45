import { type DynamicModule, Module } from '@nestjs/common';

import { type RelocationEnv } from './config';
import { RelocationCoreModule } from './core.module';
import { HelpModule } from './help/help.module';
import { PackagesModule } from './packages/packages.module';
import { ProjectsModule } from './projects/projects.module';
import { ReportsModule } from './reports/reports.module';

/** relocation: projects 征拆 with their red line and households, work packages, help requests, daily reports; one module each. */
@Module({})
export class RelocationModule {
  static forRoot(env: RelocationEnv): DynamicModule {
    return { module: RelocationModule, imports: [RelocationCoreModule.forRoot(env), ProjectsModule, PackagesModule, HelpModule, ReportsModule] };
  }
}
