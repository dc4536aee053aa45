import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc, NodeKind, type DepartmentView } from '@citygrid/contracts/grid-registry';
import { inScope } from '@citygrid/auth';
import { requireCaller, RpcClient, ServiceError } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

import { GridIndex } from './grid-index';
import { TicketingException } from './ticketing.exception';

/** The grid a point lies in, as ticketing keeps it on a case. */
export interface ResolvedGrid {
  code: string;
  path: string[];
}

/** Asks grid-registry over NATS, as the caller (the request context carries its token). */
@Injectable()
export class RegistryClient {
  constructor(
    private readonly rpc: RpcClient,
    private readonly grids: GridIndex,
  ) {}

  /**
   * The level-3 grid containing `[lng, lat]`, or 422 naming `location`: from ticketing's copy of
   * the grid index when it knows the point, otherwise from the registry. Outside every grid and
   * outside the caller's area both mean "not a place you can report" (the registry answers 404
   * for both), so both become the same 422.
   */
  async resolveGrid(lng: number, lat: number): Promise<ResolvedGrid> {
    const local = this.grids.resolve(lng, lat);
    if (local) {
      if (!inScope(requireCaller(), local.path)) throw outside(lng, lat);
      return local;
    }
    const reply = await this.rpc.send(GridRegistryRpc.nodeLookup, { lng, lat }).catch((err: unknown) => {
      if (err instanceof ServiceError && err.code === ErrorCode.NotFound) throw outside(lng, lat);
      throw err;
    });
    const node = reply.node;
    if (!node || node.kind !== NodeKind.Grid || node.gridLevel !== 3) throw outside(lng, lat);
    return { code: node.code, path: reply.path ?? [] };
  }

  /**
   * The departments the caller may see that serve a node of `gridPath` (the grid or above), with
   * the deepest node each serves.
   */
  async departmentsServing(gridPath: readonly string[]): Promise<ServingDepartment[]> {
    const grid = gridPath[gridPath.length - 1] ?? '';
    const page = await this.rpc.send(GridRegistryRpc.departmentList, { under: grid, limit: 500 });
    return page.items.flatMap((department) => {
      const depth = Math.max(...department.servesNodeCodes.map((code) => gridPath.indexOf(code)));
      return depth >= 0 ? [{ department, depth }] : [];
    });
  }

  /**
   * The department a case may be dispatched to: it exists, the caller may see it, and it serves
   * the case's grid or a node above it. Otherwise a 422 naming `departmentCode`.
   */
  async dispatchableDepartment(code: string, gridPath: readonly string[]): Promise<DepartmentView> {
    const department = await this.rpc.send(GridRegistryRpc.departmentByCode, { code }).catch((err: unknown) => {
      if (err instanceof ServiceError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.ValidationFailed)) {
        throw TicketingException.unprocessable(`Department ${code} does not exist.`, [{ field: 'departmentCode', reason: `unknown department ${code}` }]);
      }
      throw err;
    });
    const grid = gridPath[gridPath.length - 1] ?? '';
    if (!department.servesNodeCodes.some((c) => gridPath.includes(c))) {
      throw TicketingException.unprocessable(`Department ${code} does not serve grid ${grid}.`, [{ field: 'departmentCode', reason: `department ${code} does not serve grid ${grid}` }]);
    }
    return department;
  }
}

/** A department serving a node of a path, with the node nearest the grid it serves. */
export interface ServingDepartment {
  department: DepartmentView;
  /** Index in the path of the deepest node it serves. */
  depth: number;
}

function outside(lng: number, lat: number): TicketingException {
  return TicketingException.unprocessable(`The location [${lng}, ${lat}] is not inside any level-3 grid of your area.`, [{ field: 'location', reason: 'location is outside every level-3 grid' }]);
}
