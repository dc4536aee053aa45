import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, NodeKind, PlaceKind, type NodeView, type PlaceView, type ResidentView } from '@citygrid/contracts/grid-registry';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

/** grid-registry pages at most this many items. */
const PAGE = 500;

/** 404 (unknown or outside the caller's area, which the registry answers alike) and 400 become a 422 naming `field`. */
function unknownAs(field: string, what: string) {
  return (err: unknown): never => {
    if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
      throw new ServiceError(ErrorCode.Unprocessable, `${what} does not exist or is outside your area.`, [{ field, reason: `unknown ${what.toLowerCase()}` }]);
    }
    throw err;
  };
}

/**
 * The grid-registry reads health needs, asked over NATS as the caller: the request context
 * carries the caller's token, so the registry applies the caller's scope (an out-of-area code
 * answers exactly as an unknown one) and masks addresses as it does for that caller.
 */
@Injectable()
export class Registry {
  constructor(private readonly rpc: RpcClient) {}

  /** A node the caller may see; otherwise a 422 naming `field`. */
  node(code: string, field = 'nodeCode'): Promise<NodeView> {
    return this.rpc.send(GridRegistryRpc.nodeGet, { code }).catch(unknownAs(field, `Node ${code}`));
  }

  /** A node named in the path of a request: unknown or outside the caller's area answers 404, as the registry does. */
  nodeInPath(code: string): Promise<NodeView> {
    return this.rpc.send(GridRegistryRpc.nodeGet, { code });
  }

  /** A resident the caller may see; otherwise a 422 naming `field`. */
  resident(id: string, field = 'residentId'): Promise<ResidentView> {
    return this.rpc.send(GridRegistryRpc.residentGet, { id }).catch(unknownAs(field, `Resident ${id}`));
  }

  /** Every active level-3 grid under `code` (inclusive) that the caller may see. */
  async level3Grids(code: string): Promise<NodeView[]> {
    const out: NodeView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.rpc.send(GridRegistryRpc.nodeList, { kind: NodeKind.Grid, gridLevel: 3, under: code, offset, limit: PAGE });
      out.push(...page.items);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }

  /** Every household (place of kind `household`) under `code` that the caller may see, all pages. */
  async households(code: string): Promise<PlaceView[]> {
    const out: PlaceView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.rpc.send(GridRegistryRpc.placeList, { kind: PlaceKind.Household, under: code, offset, limit: PAGE });
      out.push(...page.items);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }
}
