import { ClearRoadGraphDto, CoverageNodeRequest, HealthRpc, ImportRoadGraphDto, type CoverageCollectionView, type NodeCoverageView, type RoadGraphView } from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CoverageService } from './coverage.service';

/** NATS handlers of the 15-minute coverage and the road graph. */
@RpcController()
export class CoverageRpcController {
  constructor(private readonly coverage: CoverageService) {}

  @MessagePattern(HealthRpc.coverageGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CoverageNodeRequest): Promise<NodeCoverageView> {
    return this.coverage.get(caller, req.nodeCode);
  }

  @MessagePattern(HealthRpc.coverageGeojson)
  geojson(@CurrentCaller() caller: Caller, @Payload('payload') req: CoverageNodeRequest): Promise<CoverageCollectionView> {
    return this.coverage.geojson(caller, req.nodeCode);
  }

  @MessagePattern(HealthRpc.coverageCompute)
  compute(@CurrentCaller() caller: Caller, @Payload('payload') req: CoverageNodeRequest): Promise<NodeCoverageView> {
    return this.coverage.compute(caller, req.nodeCode);
  }

  @MessagePattern(HealthRpc.roadGraphImport)
  importGraph(@CurrentCaller() caller: Caller, @Payload('payload') dto: ImportRoadGraphDto): Promise<RoadGraphView> {
    return this.coverage.graphImport(caller, dto);
  }

  @MessagePattern(HealthRpc.roadGraphGet)
  graph(@CurrentCaller() caller: Caller): Promise<RoadGraphView> {
    return this.coverage.graphGet(caller);
  }

  @MessagePattern(HealthRpc.roadGraphClear)
  clearGraph(@CurrentCaller() caller: Caller, @Payload('payload') dto: ClearRoadGraphDto): Promise<RoadGraphView> {
    return this.coverage.graphClear(caller, dto);
  }
}
