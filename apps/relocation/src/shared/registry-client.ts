import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, PlaceKind, type PlaceView } from '@citygrid/contracts/grid-registry';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

/** A node as relocation keeps it on a record: its code and the codes from the city down to it. */
export interface ResolvedNode {
  code: string;
  path: string[];
}

/** The kinds of place a red line takes in. */
export const RESOLVED_KINDS = [PlaceKind.Unit, PlaceKind.Building, PlaceKind.Household] as const;

const PAGE = 500;

/** Asks grid-registry over NATS, as the caller (the request context carries its token). */
@Injectable()
export class RegistryClient {
  constructor(private readonly rpc: RpcClient) {}

  /** The path of node `code`, or 422 naming `field` when the caller's registry knows no such node. */
  async node(code: string, field: string): Promise<ResolvedNode> {
    const node = await this.rpc.send(GridRegistryRpc.nodeGet, { code }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
        throw new ServiceError(ErrorCode.Unprocessable, `Node ${code} does not exist in your area.`, [{ field, reason: `unknown node ${code}` }]);
      }
      throw err;
    });
    return { code: node.code, path: node.path };
  }

  /** Every place of `kind` under node `under` the caller sees, a page at a time. */
  async places(kind: PlaceKind, under: string): Promise<PlaceView[]> {
    const out: PlaceView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.rpc.send(GridRegistryRpc.placeList, { kind, under, offset, limit: PAGE });
      out.push(...page.items);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }
}
