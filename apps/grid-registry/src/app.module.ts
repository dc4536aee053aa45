import { GridRegistryRpc } from '@citygrid/contracts/grid-registry';
import { auditTrailController } from '@citygrid/persistence';
import { type DynamicModule, Module } from '@nestjs/common';

import { type GridRegistryEnv } from './config';
import { GridRegistryCoreModule } from './core.module';
import { DepartmentsModule } from './departments/departments.module';
import { ImportsModule } from './imports/imports.module';
import { NodesModule } from './nodes/nodes.module';
import { PlacesModule } from './places/places.module';
import { ResidentsModule } from './residents/residents.module';
import { StaffModule } from './staff/staff.module';

/** grid-registry: the tree, point lookup, staff, departments, places, residents, imports; one module each. */
@Module({})
export class GridRegistryModule {
  static forRoot(env: GridRegistryEnv): DynamicModule {
    return {
      module: GridRegistryModule,
      imports: [GridRegistryCoreModule.forRoot(env), NodesModule, StaffModule, DepartmentsModule, PlacesModule, ImportsModule, ResidentsModule],
      // The audit trail is written by every feature (through EventRecorder) and read here.
      controllers: [auditTrailController(GridRegistryRpc.auditList)],
    };
  }
}
