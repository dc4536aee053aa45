import { Module } from '@nestjs/common';

import { GridIndexService } from './grid-index.service';
import { NodesRpcController } from './nodes.rpc.controller';
import { NodesService } from './nodes.service';

/** The five-level tree: nodes, their boundaries, and point lookup from the in-memory spatial index. */
@Module({
  controllers: [NodesRpcController],
  providers: [GridIndexService, NodesService],
  exports: [GridIndexService, NodesService],
})
export class NodesModule {}
