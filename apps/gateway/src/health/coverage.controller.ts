import { NODE_CODE_PATTERN } from '@citygrid/contracts';
import { ClearRoadGraphDto, CoverageCollectionView, HealthRpc, ImportRoadGraphDto, NodeCoverageView, RoadGraphView } from '@citygrid/contracts/health';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Injectable, Param, Post, type PipeTransform } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems, Calls } from '../shared/http';
import { MANAGE, READ } from './roles';

/** A node code in the path, named `nodeCode`. */
@Injectable()
class ParseCoverageNodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!NODE_CODE_PATTERN.test(value)) throw ServiceError.validation([{ field: 'nodeCode', reason: 'must be a node code (6, 9, 12, 14 or 16 digits)' }]);
    return value;
  }
}

const HOW =
  'Households are grid-registry places of kind `household` under the node, read as you (addresses masked as the registry answers them to you). Each walks to its nearest active station: straight-line distance × `COVERAGE_DETOUR_FACTOR` ÷ `WALKING_SPEED_M_PER_MIN`, or, with a road graph imported, the straight walk to the nearest graph vertex plus the shortest path over the graph; covered within `COVERAGE_LIMIT_MINUTES` (15); unreachable over the graph = not covered.';

/** The 15-minute coverage (15分钟就医圈) of households by stations. */
@ApiTags('Health')
@Controller('health/coverage')
export class HealthCoverageController {
  constructor(private readonly health: RpcClient) {}

  @Get(':nodeCode')
  @ApiOperation({ summary: "A node's 15-minute coverage: totals and each level-3 grid with its uncovered households", description: `Computed when asked; nothing is published. ${HOW} ${READ}` })
  @ApiOkResponse({ type: NodeCoverageView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.coverageGet)
  get(@Param('nodeCode', ParseCoverageNodePipe) nodeCode: string): Promise<NodeCoverageView> {
    return this.health.send(HealthRpc.coverageGet, { nodeCode });
  }

  @Get(':nodeCode/geojson')
  @ApiOperation({ summary: "A node's coverage as GeoJSON: households as points with `covered` and `minutes`", description: `${HOW} ${READ}` })
  @ApiOkResponse({ type: CoverageCollectionView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.coverageGeojson)
  geojson(@Param('nodeCode', ParseCoverageNodePipe) nodeCode: string): Promise<CoverageCollectionView> {
    return this.health.send(HealthRpc.coverageGeojson, { nodeCode });
  }

  @Post(':nodeCode/compute')
  @HttpCode(200)
  @ApiOperation({ summary: "Compute a node's coverage and publish each grid's figures (`citygrid.health-coverage.computed.v1`)", description: `${HOW} ${MANAGE}` })
  @ApiOkResponse({ type: NodeCoverageView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(HealthRpc.coverageCompute)
  compute(@Param('nodeCode', ParseCoverageNodePipe) nodeCode: string): Promise<NodeCoverageView> {
    return this.health.send(HealthRpc.coverageCompute, { nodeCode });
  }
}

/** The road graph the coverage walks over. */
@ApiTags('Health')
@Controller('health/road-graph')
export class HealthRoadGraphController {
  constructor(private readonly health: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Import the road graph (replaces the one before)',
    description: `\`graph\`: a GeoJSON FeatureCollection of LineString / MultiLineString features, WGS-84 [lng, lat]. Each coordinate is a vertex, lines join where they share a coordinate, edges are walkable both ways at their haversine length. Any bad feature refuses the whole file: 400 listing each as \`graph.features[i]…\`. The coverage of \`nodeCode\`'s subtree is recomputed and published. ${MANAGE}`,
  })
  @ApiCreatedResponse({ type: RoadGraphView })
  @ApiProblems(400, 401, 403, 413, 422)
  @Calls(HealthRpc.roadGraphImport)
  import(@Body() dto: ImportRoadGraphDto): Promise<RoadGraphView> {
    return this.health.send(HealthRpc.roadGraphImport, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The road graph in use (its size), or `none`', description: READ })
  @ApiOkResponse({ type: RoadGraphView })
  @ApiProblems(401, 403)
  @Calls(HealthRpc.roadGraphGet)
  get(): Promise<RoadGraphView> {
    return this.health.send(HealthRpc.roadGraphGet, {});
  }

  @Post('clear')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop walking over a road graph: back to straight line × detour factor', description: `The coverage of \`nodeCode\`'s subtree is recomputed and published. ${MANAGE}` })
  @ApiOkResponse({ type: RoadGraphView })
  @ApiProblems(400, 401, 403, 422)
  @Calls(HealthRpc.roadGraphClear)
  clear(@Body() dto: ClearRoadGraphDto): Promise<RoadGraphView> {
    return this.health.send(HealthRpc.roadGraphClear, dto);
  }
}
