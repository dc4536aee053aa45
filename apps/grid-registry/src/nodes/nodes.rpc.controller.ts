import {
  CodeRequest,
  CreateNodeDto,
  GridIndexQuery,
  GridRegistryRpc,
  ListNodesQuery,
  LookupPointQuery,
  RetireNodeRequest,
  TreeRequest,
  UpdateNodeRequest,
  type GridIndexPage,
  type LookupResultView,
  type NodeTreeView,
  type NodeView,
} from '@citygrid/contracts/grid-registry';
import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { Public } from '@citygrid/auth';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { GridIndexService } from './grid-index.service';
import { NodesService } from './nodes.service';

/** NATS handlers for the tree: validate, call one service method. */
@RpcController()
export class NodesRpcController {
  constructor(
    private readonly nodes: NodesService,
    private readonly gridIndex: GridIndexService,
  ) {}

  /** For services that keep a copy of the index (NATS permissions limit who may ask). */
  @Public()
  @MessagePattern(GridRegistryRpc.gridIndex)
  index(@Payload('payload') q: GridIndexQuery): GridIndexPage {
    return this.gridIndex.page(q.afterCode, q.limit ?? 500);
  }

  @MessagePattern(GridRegistryRpc.nodeCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateNodeDto): Promise<NodeView> {
    return this.nodes.create(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.nodeUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateNodeRequest): Promise<NodeView> {
    return this.nodes.update(caller, req.code, req.changes);
  }

  @MessagePattern(GridRegistryRpc.nodeRetire)
  retire(@CurrentCaller() caller: Caller, @Payload('payload') req: RetireNodeRequest): Promise<NodeView> {
    return this.nodes.retire(caller, req.code, req);
  }

  @MessagePattern(GridRegistryRpc.nodeGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CodeRequest): Promise<NodeView> {
    return this.nodes.get(caller, req.code);
  }

  @MessagePattern(GridRegistryRpc.nodeChildren)
  children(@CurrentCaller() caller: Caller, @Payload('payload') req: CodeRequest): Promise<NodeView[]> {
    return this.nodes.children(caller, req.code);
  }

  @MessagePattern(GridRegistryRpc.nodeList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListNodesQuery): Promise<Page<NodeView>> {
    return this.nodes.list(caller, q);
  }

  @MessagePattern(GridRegistryRpc.nodeTree)
  tree(@CurrentCaller() caller: Caller, @Payload('payload') req: TreeRequest): Promise<NodeTreeView[]> {
    return this.nodes.tree(caller, req.code);
  }

  @MessagePattern(GridRegistryRpc.nodeLookup)
  lookup(@CurrentCaller() caller: Caller, @Payload('payload') q: LookupPointQuery): LookupResultView {
    return this.nodes.lookup(caller, q);
  }
}
