import {
  AssignmentView,
  CreateNodeDto,
  GridRegistryRpc,
  ListNodesQuery,
  LookupPointQuery,
  LookupResultView,
  NodeTreeView,
  NodeView,
  RetireNodeDto,
  UpdateNodeDto,
} from '@citygrid/contracts/grid-registry';
import type { Page } from '@citygrid/contracts';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, ParseNodeCodePipe } from '../shared/http';

/** The five-level tree: nodes, children, point lookup. */
@ApiTags('Tree')
@Controller()
export class NodesController {
  constructor(private readonly registry: RpcClient) {}

  @Post('nodes')
  @ApiOperation({ summary: 'Create a node (city, district, subdistrict, community or grid)' })
  @ApiCreatedResponse({ type: NodeView })
  @ApiProblems(400, 409, 422)
  @Calls(GridRegistryRpc.nodeCreate)
  create(@Body() dto: CreateNodeDto): Promise<NodeView> {
    return this.registry.send(GridRegistryRpc.nodeCreate, dto);
  }

  @Get('nodes')
  @ApiOperation({ summary: 'List nodes, filtered by kind, grid level or subtree' })
  @ApiPage(NodeView)
  @ApiProblems(400)
  @Calls(GridRegistryRpc.nodeList)
  list(@Query() q: ListNodesQuery): Promise<Page<NodeView>> {
    return this.registry.send(GridRegistryRpc.nodeList, q);
  }

  @Get('nodes/:code')
  @ApiOperation({ summary: 'One node with its boundary' })
  @ApiOkResponse({ type: NodeView })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.nodeGet)
  get(@Param('code', ParseNodeCodePipe) code: string): Promise<NodeView> {
    return this.registry.send(GridRegistryRpc.nodeGet, { code });
  }

  @Patch('nodes/:code')
  @ApiOperation({ summary: 'Rename a node or change its boundary' })
  @ApiOkResponse({ type: NodeView })
  @ApiProblems(400, 404, 409, 422)
  @Calls(GridRegistryRpc.nodeUpdate)
  update(@Param('code', ParseNodeCodePipe) code: string, @Body() changes: UpdateNodeDto): Promise<NodeView> {
    return this.registry.send(GridRegistryRpc.nodeUpdate, { code, changes });
  }

  @Post('nodes/:code/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a node (it no longer resolves points; history is kept)' })
  @ApiOkResponse({ type: NodeView })
  @ApiProblems(400, 404, 409)
  @Calls(GridRegistryRpc.nodeRetire)
  retire(@Param('code', ParseNodeCodePipe) code: string, @Body() dto: RetireNodeDto): Promise<NodeView> {
    return this.registry.send(GridRegistryRpc.nodeRetire, { code, reason: dto.reason });
  }

  @Get('nodes/:code/children')
  @ApiOperation({ summary: 'Direct children of a node' })
  @ApiOkResponse({ type: [NodeView] })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.nodeChildren)
  children(@Param('code', ParseNodeCodePipe) code: string): Promise<NodeView[]> {
    return this.registry.send(GridRegistryRpc.nodeChildren, { code });
  }

  @Get('nodes/:code/staff')
  @ApiOperation({ summary: 'Staff currently assigned at a node' })
  @ApiOkResponse({ type: [AssignmentView] })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.nodeStaff)
  staff(@Param('code', ParseNodeCodePipe) code: string): Promise<AssignmentView[]> {
    return this.registry.send(GridRegistryRpc.nodeStaff, { code });
  }

  @Get('tree')
  @ApiOperation({ summary: 'The tree (without boundaries), whole or under one node' })
  @ApiQuery({ name: 'code', required: false, description: 'Root node code' })
  @ApiOkResponse({ type: [NodeTreeView] })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.nodeTree)
  tree(@Query('code') code?: string): Promise<NodeTreeView[]> {
    const root = code === undefined || code === '' ? undefined : new ParseNodeCodePipe().transform(code);
    return this.registry.send(GridRegistryRpc.nodeTree, root ? { code: root } : {});
  }

  @Get('lookup')
  @ApiOperation({ summary: 'The deepest grid containing a point (WGS-84)', description: 'A point on a shared border resolves to the grid with the smaller code.' })
  @ApiOkResponse({ type: LookupResultView })
  @ApiProblems(400, 404)
  @Calls(GridRegistryRpc.nodeLookup)
  lookup(@Query() q: LookupPointQuery): Promise<LookupResultView> {
    return this.registry.send(GridRegistryRpc.nodeLookup, { lng: q.lng, lat: q.lat });
  }
}
