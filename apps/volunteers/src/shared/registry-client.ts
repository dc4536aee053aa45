import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, PlaceKind, type PlaceView, type ResidentView } from '@citygrid/contracts/grid-registry';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

/** A node as volunteers keeps it on a record: its code and the codes from the city down to it. */
export interface ResolvedNode {
  code: string;
  path: string[];
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

  /** The unit place `id` with its grid, or 422 naming `field` when the caller sees no such unit. */
  async unit(id: string, field: string): Promise<{ place: PlaceView; grid: ResolvedNode }> {
    const place = await this.rpc.send(GridRegistryRpc.placeGet, { id }).catch((err: unknown) => {
      throw unknownAs(err, field, `Unit ${id} does not exist in your area.`, 'unknown unit');
    });
    if (place.kind !== PlaceKind.Unit) {
      throw new ServiceError(ErrorCode.Unprocessable, `Place ${id} is a ${place.kind}, not a unit.`, [{ field, reason: `place is a ${place.kind}, not a unit` }]);
    }
    return { place, grid: await this.node(place.gridCode, field) };
  }

  /** The resident `id` with its grid, or 422 naming `field` when the caller sees no such resident. */
  async resident(id: string, field: string): Promise<{ resident: ResidentView; grid: ResolvedNode }> {
    const resident = await this.rpc.send(GridRegistryRpc.residentGet, { id }).catch((err: unknown) => {
      throw unknownAs(err, field, `Resident ${id} does not exist in your area.`, 'unknown resident');
    });
    return { resident, grid: await this.node(resident.gridCode, field) };
  }
}

/** A registry 404 (or a refused code) becomes a 422 naming the field; anything else passes through. */
function unknownAs(err: unknown, field: string, detail: string, reason: string): unknown {
  if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
    return new ServiceError(ErrorCode.Unprocessable, detail, [{ field, reason }]);
  }
  return err;
}
