import { Module } from '@nestjs/common';

import { NodesModule } from '../nodes/nodes.module';
import { PlacesRpcController } from './places.rpc.controller';
import { PlacesService } from './places.service';

/** Households, units and key locations, each resolved to the level-3 grid it lies in. */
@Module({
  imports: [NodesModule],
  controllers: [PlacesRpcController],
  providers: [PlacesService],
  exports: [PlacesService],
})
export class PlacesModule {}
