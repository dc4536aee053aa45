import { ErrorCode } from '@citygrid/contracts';
import { NodeKind, type DepartmentView, type LookupResultView } from '@citygrid/contracts/grid-registry';
import { ServiceError, type RpcClient } from '@citygrid/service-kit';

import { RegistryClient } from './registry-client';

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
      const sut = new RegistryClient(rpcAnswering(lookup(NodeKind.Grid, 3)));
      await expect(sut.resolveGrid(113.6, 34.7)).resolves.toEqual({ code: '4101020050010101', path: PATH });
    });

    it("answers 422 naming location for a point outside every grid, outside the caller's area, or in a node that is not a level-3 grid", async () => {
      for (const answer of [new ServiceError(ErrorCode.NotFound, 'Grid at point does not exist.'), lookup(NodeKind.Grid, 2), lookup(NodeKind.Community, null), { node: null, path: [] }]) {
        const sut = new RegistryClient(rpcAnswering(answer));
        await expect(sut.resolveGrid(113.6, 34.7)).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'location', reason: 'location is outside every level-3 grid' }] });
      }
    });

    it('passes other failures on as they are (the registry down is a 503, not a 422)', async () => {
      const sut = new RegistryClient(rpcAnswering(new ServiceError(ErrorCode.Unavailable, 'No service answers grid-registry.node.lookup right now.')));
      await expect(sut.resolveGrid(113.6, 34.7)).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    });
  });

  describe('dispatchableDepartment', () => {
    it('accepts a department serving the case grid or a node above it', async () => {
      for (const serves of [['4101020050010101'], ['410102005'], ['999999', '410102']]) {
        const sut = new RegistryClient(rpcAnswering(department(serves)));
        await expect(sut.dispatchableDepartment('lsz-cm', PATH)).resolves.toMatchObject({ code: 'lsz-cm' });
      }
    });

    it('refuses (422 naming departmentCode) an unknown department and one that does not serve the grid', async () => {
      const unknown = new RegistryClient(rpcAnswering(new ServiceError(ErrorCode.NotFound, 'Department lsz-x does not exist.')));
      await expect(unknown.dispatchableDepartment('lsz-x', PATH)).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'departmentCode', reason: 'unknown department lsz-x' }] });
      const elsewhere = new RegistryClient(rpcAnswering(department(['410102006'])));
      await expect(elsewhere.dispatchableDepartment('lsz-cm', PATH)).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'departmentCode', reason: 'department lsz-cm does not serve grid 4101020050010101' }],
      });
    });
  });
});
