import { GridRegistryRpc } from '@citygrid/contracts/grid-registry';
import { auditTrailController, EventRecorder } from '@citygrid/persistence';
import { authProviders, HealthController, MetricsController, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';

import { DepartmentsRpcController } from './departments/departments.rpc.controller';
import { GRID_REGISTRY_ENV, type GridRegistryEnv } from './config';
import { DepartmentsService } from './departments/departments.service';
import { ImportsService } from './imports/imports.service';
import { GridIndexService } from './nodes/grid-index.service';
import { ImportsRpcController } from './imports/imports.rpc.controller';
import { NodesRpcController } from './nodes/nodes.rpc.controller';
import { NodesService } from './nodes/nodes.service';
import { gridRegistryOrmOptions } from './orm';
import { PlacesRpcController } from './places/places.rpc.controller';
import { PlacesService } from './places/places.service';
import { piiProviders } from './residents/pii.providers';
import { ResidentsRpcController } from './residents/residents.rpc.controller';
import { ResidentsService } from './residents/residents.service';
import { StaffRpcController } from './staff/staff.rpc.controller';
import { StaffService } from './staff/staff.service';

/** grid-registry: the tree, point lookup, staff, departments, places, imports. */
@Module({})
export class GridRegistryModule {
  static forRoot(env: GridRegistryEnv): DynamicModule {
    return {
      module: GridRegistryModule,
      imports: [ServiceKitModule.forRoot({ name: 'grid-registry', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(gridRegistryOrmOptions(env))],
      controllers: [
        HealthController,
        MetricsController,
        NodesRpcController,
        StaffRpcController,
        DepartmentsRpcController,
        PlacesRpcController,
        ImportsRpcController,
        ResidentsRpcController,
        auditTrailController(GridRegistryRpc.auditList),
      ],
      providers: [
        { provide: GRID_REGISTRY_ENV, useValue: env },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('grid-registry', env),
        EventRecorder,
        GridIndexService,
        NodesService,
        StaffService,
        DepartmentsService,
        PlacesService,
        ImportsService,
        ...piiProviders,
        ResidentsService,
      ],
    };
  }
}
