import { Module } from '@nestjs/common';

import { NodesModule } from '../nodes/nodes.module';
import { PlacesModule } from '../places/places.module';
import { ImportsRpcController } from './imports.rpc.controller';
import { ImportsService } from './imports.service';

/** Bulk imports of grids (GeoJSON) and of households and units (CSV), checked whole before anything is written. */
@Module({
  imports: [NodesModule, PlacesModule],
  controllers: [ImportsRpcController],
  providers: [ImportsService],
})
export class ImportsModule {}
