import { rpcSubject } from '@citygrid/messaging';
import {
  CodeRequest,
  CreateNodeDto,
  GridRegistryRpc,
  ListNodesQuery,
  LookupPointQuery,
  RetireNodeRequest,
  TreeRequest,
  UpdateNodeRequest,
  type LookupResultView,
  type NodeTreeView,
  type NodeView,
} from '@citygrid/contracts/grid-registry';
import type { Page } from '@citygrid/contracts';
import { RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { NodesService } from './nodes.service';

/** NATS handlers for the tree: validate, call one service method. */
@RpcController()
export class NodesRpcController {
  constructor(private readonly nodes: NodesService) {}

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeCreate))
  create(@Payload('payload') dto: CreateNodeDto): Promise<NodeView> {
    return this.nodes.create(dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeUpdate))
  update(@Payload('payload') req: UpdateNodeRequest): Promise<NodeView> {
    return this.nodes.update(req.code, req.changes);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeRetire))
  retire(@Payload('payload') req: RetireNodeRequest): Promise<NodeView> {
    return this.nodes.retire(req.code, req);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeGet))
  get(@Payload('payload') req: CodeRequest): Promise<NodeView> {
    return this.nodes.get(req.code);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeChildren))
  children(@Payload('payload') req: CodeRequest): Promise<NodeView[]> {
    return this.nodes.children(req.code);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeList))
  list(@Payload('payload') q: ListNodesQuery): Promise<Page<NodeView>> {
    return this.nodes.list(q);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeTree))
  tree(@Payload('payload') req: TreeRequest): Promise<NodeTreeView[]> {
    return this.nodes.tree(req.code);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.nodeLookup))
  lookup(@Payload('payload') q: LookupPointQuery): Promise<LookupResultView> {
    return this.nodes.lookup(q);
  }
}
