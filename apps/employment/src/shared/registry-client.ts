import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, type ResidentView } from '@citygrid/contracts/grid-registry';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

import { EmploymentException } from './employment.exception';

/** A node of the grid tree, as employment keeps it on its records. */
export interface ResolvedNode {
  code: string;
  path: string[];
  parentCode: string | null;
}

/** Asks grid-registry over NATS, as the caller (the request context carries its token). */
@Injectable()
export class RegistryClient {
  constructor(private readonly rpc: RpcClient) {}

  /** The node `code` with its path, or 422 naming `field`: unknown and outside the caller's area are the same answer. */
  async node(code: string, field: string): Promise<ResolvedNode> {
    const node = await this.rpc.send(GridRegistryRpc.nodeGet, { code }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
        throw EmploymentException.unprocessable(`Node ${code} does not exist in your area.`, [{ field, reason: `unknown node ${code}` }]);
      }
      throw err;
    });
    return { code: node.code, path: node.path, parentCode: node.parentCode };
  }

  /** The node `code` named in the path of the request: unknown and outside the caller's area are both 404. */
  async pathNode(code: string): Promise<ResolvedNode> {
    const node = await this.rpc.send(GridRegistryRpc.nodeGet, { code }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) throw EmploymentException.notFound('Node', code);
      throw err;
    });
    return { code: node.code, path: node.path, parentCode: node.parentCode };
  }

  /** The resident `id`, or 422 naming `field` (unknown or outside the caller's area). */
  async resident(id: string, field: string): Promise<ResidentView> {
    return this.rpc.send(GridRegistryRpc.residentGet, { id }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
        throw EmploymentException.unprocessable(`Resident ${id} does not exist in your area.`, [{ field, reason: 'unknown resident' }]);
      }
      throw err;
    });
  }
}
