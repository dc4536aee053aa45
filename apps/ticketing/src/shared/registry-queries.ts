import { GridRegistryRpc, NodeKind, PlaceKind, type NodeView, type PlaceView } from '@citygrid/contracts/grid-registry';
import { RpcClient } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

/** grid-registry pages at most this many items. */
const PAGE = 500;

/**
 * The registry reads field work needs (nodes, level-3 grids, places), asked over NATS as the
 * caller: the request context carries the caller's token, so the registry applies the caller's
 * scope and an out-of-area code answers 404 here exactly as it would there.
 */
@Injectable()
export class RegistryQueries {
  constructor(private readonly rpc: RpcClient) {}

  /** A node the caller may see, or 404. */
  node(code: string): Promise<NodeView> {
    return this.rpc.send(GridRegistryRpc.nodeGet, { code });
  }

  /** A place the caller may see, or 404. */
  place(id: string): Promise<PlaceView> {
    return this.rpc.send(GridRegistryRpc.placeGet, { id });
  }

  /** Every active level-3 grid under `code` (inclusive) that the caller may see. */
  async level3Grids(code: string): Promise<NodeView[]> {
    const out: NodeView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.rpc.send(GridRegistryRpc.nodeList, { kind: NodeKind.Grid, gridLevel: 3, under: code, offset, limit: PAGE });
      for (const item of page.items) out.push(item);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }

  /** Every key location under `code` that the caller may see. */
  async keyLocations(code: string): Promise<PlaceView[]> {
    const out: PlaceView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.rpc.send(GridRegistryRpc.placeList, { kind: PlaceKind.KeyLocation, under: code, offset, limit: PAGE });
      for (const item of page.items) out.push(item);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }
}
