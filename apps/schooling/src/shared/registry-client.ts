import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, PlaceKind, type PlaceView } from '@citygrid/contracts/grid-registry';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

/** A node as schooling keeps it on a record: its code and the codes from the city down to it. */
export interface ResolvedNode {
  code: string;
  path: string[];
}

/** A household place with the grid it lies in. */
export interface ResolvedHousehold {
  place: PlaceView;
  grid: ResolvedNode;
}

/** Asks grid-registry over NATS, as the caller (the request context carries its token). */
@Injectable()
export class RegistryClient {
  constructor(private readonly rpc: RpcClient) {}

  /** The path of node `code`, or 422 naming `field` when the caller's registry knows no such node. */
  async node(code: string, field: string): Promise<ResolvedNode> {
    const node = await this.rpc.send(GridRegistryRpc.nodeGet, { code }).catch((err: unknown) => {
      throw unknownAs(err, field, `Node ${code} does not exist in your area.`, `unknown node ${code}`);
    });
    return { code: node.code, path: node.path };
  }

  /**
   * The household place `id` with its grid's path. When it is not a household the caller sees: 422
   * naming `field` (a request's input), or 404 with `unknown = ErrorCode.NotFound` (a household's
   * own record).
   */
  async household(id: string, field: string, unknown: ErrorCode.Unprocessable | ErrorCode.NotFound = ErrorCode.Unprocessable): Promise<ResolvedHousehold> {
    const place = await this.rpc.send(GridRegistryRpc.placeGet, { id }).catch((err: unknown) => {
      throw unknownAs(err, field, `Household ${id} does not exist in your area.`, 'unknown household', unknown);
    });
    if (place.kind !== PlaceKind.Household) {
      throw new ServiceError(
        unknown,
        `Place ${id} is a ${place.kind}, not a household.`,
        unknown === ErrorCode.NotFound ? undefined : [{ field, reason: `place is a ${place.kind}, not a household` }],
      );
    }
    return { place, grid: await this.node(place.gridCode, field) };
  }
}

/** A registry 404 (or a refused code) becomes a 422 naming the field (or a 404); anything else passes through. */
function unknownAs(err: unknown, field: string, detail: string, reason: string, code: ErrorCode.Unprocessable | ErrorCode.NotFound = ErrorCode.Unprocessable): unknown {
  if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
    return code === ErrorCode.NotFound ? new ServiceError(code, detail) : new ServiceError(code, detail, [{ field, reason }]);
  }
  return err;
}
