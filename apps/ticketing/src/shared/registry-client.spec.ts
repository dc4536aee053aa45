import { ErrorCode } from '@citygrid/contracts';
import { NodeKind, type DepartmentView, type LookupResultView } from '@citygrid/contracts/grid-registry';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { runInContext, ServiceError, type RpcClient } from '@citygrid/service-kit';

import type { GridIndex } from './grid-index';
import { RegistryClient, type ResolvedGrid } from './registry-client';

/** A copy of the grid index that knows `grid` at every point (or nothing). */
const copyKnowing = (grid?: ResolvedGrid): GridIndex => ({ resolve: () => grid }) as unknown as GridIndex;
const NO_COPY = copyKnowing();

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];

/** An RPC client that answers every request with `answer` (or fails with it). */
function rpcAnswering(answer: unknown): RpcClient {
  return { send: async () => (answer instanceof Error ? Promise.reject(answer) : answer) } as unknown as RpcClient;
}

const lookup = (kind: NodeKind, gridLevel: number | null): LookupResultView => ({ node: { code: PATH[PATH.length - 1]!, kind, gridLevel, path: PATH } as LookupResultView['node'], path: PATH });
const department = (servesNodeCodes: string[]): DepartmentView => ({ code: 'lsz-cm', servesNodeCodes }) as DepartmentView;

describe('RegistryClient', () => {
  describe('resolveGrid', () => {
    it('gives the level-3 grid and its path', async () => {
      const sut = new RegistryClient(rpcAnswering(lookup(NodeKind.Grid, 3)), NO_COPY);
      await expect(sut.resolveGrid(113.6, 34.7)).resolves.toEqual({ code: '4101020050010101', path: PATH });
    });

    it("answers 422 naming location for a point outside every grid, outside the caller's area, or in a node that is not a level-3 grid", async () => {
      for (const answer of [new ServiceError(ErrorCode.NotFound, 'Grid at point does not exist.'), lookup(NodeKind.Grid, 2), lookup(NodeKind.Community, null), { node: null, path: [] }]) {
        const sut = new RegistryClient(rpcAnswering(answer), NO_COPY);
        await expect(sut.resolveGrid(113.6, 34.7)).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'location', reason: 'location is outside every level-3 grid' }] });
      }
    });

    it("answers from the copy of the grid index when it knows the point, without asking the registry, and keeps the caller's scope", async () => {
      const asked: string[] = [];
      const rpc = { send: async (pattern: string) => void asked.push(pattern) } as unknown as RpcClient;
      const sut = new RegistryClient(rpc, copyKnowing({ code: PATH[5]!, path: PATH }));
      const inside = { id: 'u1', kind: 'staff', name: 'm', roles: [Role.GridMember], nodeScope: '410102005001', departmentCode: null, staffId: null, scopes: [] } as Caller;
      await expect(runInContext({ caller: inside }, () => sut.resolveGrid(113.6, 34.7))).resolves.toEqual({ code: PATH[5], path: PATH });
      const elsewhere = { ...inside, nodeScope: '410102006' } as Caller;
      await expect(runInContext({ caller: elsewhere }, () => sut.resolveGrid(113.6, 34.7))).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'location' }] });
      expect(asked).toEqual([]);
    });

    it('passes other failures on as they are (the registry down is a 503, not a 422)', async () => {
      const sut = new RegistryClient(rpcAnswering(new ServiceError(ErrorCode.Unavailable, 'No service answers grid-registry.node.lookup right now.')), NO_COPY);
      await expect(sut.resolveGrid(113.6, 34.7)).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    });
  });

  describe('dispatchableDepartment', () => {
    it('accepts a department serving the case grid or a node above it', async () => {
      for (const serves of [['4101020050010101'], ['410102005'], ['999999', '410102']]) {
        const sut = new RegistryClient(rpcAnswering(department(serves)), NO_COPY);
        await expect(sut.dispatchableDepartment('lsz-cm', PATH)).resolves.toMatchObject({ code: 'lsz-cm' });
      }
    });

    it('refuses (422 naming departmentCode) an unknown department and one that does not serve the grid', async () => {
      const unknown = new RegistryClient(rpcAnswering(new ServiceError(ErrorCode.NotFound, 'Department lsz-x does not exist.')), NO_COPY);
      await expect(unknown.dispatchableDepartment('lsz-x', PATH)).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'departmentCode', reason: 'unknown department lsz-x' }] });
      const elsewhere = new RegistryClient(rpcAnswering(department(['410102006'])), NO_COPY);
      await expect(elsewhere.dispatchableDepartment('lsz-cm', PATH)).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'departmentCode', reason: 'department lsz-cm does not serve grid 4101020050010101' }],
      });
    });
  });
});
