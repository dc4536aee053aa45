import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, NodeKind, type ResidentView } from '@citygrid/contracts/grid-registry';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

import { CommunityServicesException } from './community-services.exception';

/** A node as community-services keeps it on its records. */
export interface ResolvedNode {
  code: string;
  kind: NodeKind;
  path: string[];
}

/** Asks grid-registry over NATS, as the caller (the request context carries its token). */
@Injectable()
export class RegistryClient {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * The node `code` with its path, read as the caller: unknown and outside the caller's area both
   * answer 404 there, and both become the same 422 naming `field` here.
   */
  async node(code: string, field: string): Promise<ResolvedNode> {
    const node = await this.rpc.send(GridRegistryRpc.nodeGet, { code }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
        throw CommunityServicesException.unprocessable(`Node ${code} does not exist in your area.`, [{ field, reason: `unknown node ${code}` }]);
      }
      throw err;
    });
    return { code: node.code, kind: node.kind, path: node.path };
  }

  /** A resident of the registry, read as the caller; unknown or out of the caller's area → 422 naming `residentId`. */
  async resident(id: string): Promise<ResidentView> {
    return this.rpc.send(GridRegistryRpc.residentGet, { id }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
        throw CommunityServicesException.unprocessable(`Resident ${id} does not exist in your area.`, [{ field: 'residentId', reason: 'unknown resident' }]);
      }
      throw err;
    });
  }
}
