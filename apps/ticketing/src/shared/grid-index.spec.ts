import { buildCloudEvent, Subjects } from '@citygrid/messaging';
import { GridRegistryEvents, NodeKind, NodeStatus, type GridIndexPage, type NodeView } from '@citygrid/contracts/grid-registry';
import type { RpcClient } from '@citygrid/service-kit';
import type { NatsConnection } from 'nats';

import type { TicketingEnv } from '../config';
import { GridIndex } from './grid-index';

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101'];
const square = (x: number, y: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});
const grid = (id: string, code: string, x: number, version = 1): NodeView =>
  ({ id, code, path: [...PATH, code], kind: NodeKind.Grid, gridLevel: 3, status: NodeStatus.Active, boundary: square(x, 34, 0.01), version }) as unknown as NodeView;
const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';

/** A registry answering the snapshot in pages of one, from `nodes`. */
function registry(nodes: NodeView[]): { rpc: RpcClient; asked: number } {
  const state = { asked: 0 };
  const rpc = {
    send: async (_pattern: string, q: { afterCode?: string; limit: number }): Promise<GridIndexPage> => {
      state.asked++;
      const rest = nodes.filter((n) => !q.afterCode || n.code > q.afterCode).sort((a, b) => a.code.localeCompare(b.code));
      const items = rest.slice(0, 1);
      return { fingerprint: `${nodes.length}/${nodes.reduce((s, n) => s + n.version, 0)}`, items, nextAfterCode: rest.length > 1 ? items[0]!.code : null };
    },
  } as unknown as RpcClient;
  return {
    rpc,
    get asked() {
      return state.asked;
    },
  };
}

const env = { EVENT_STREAM: 'CITYGRID', LOG_LEVEL: 'silent', GRID_INDEX_CHECK_MS: 30_000 } as TicketingEnv;
const sutWith = (nodes: NodeView[]) => new GridIndex(registry(nodes).rpc, {} as NatsConnection, new Subjects({}), env);
const created = (n: NodeView) =>
  buildCloudEvent(GridRegistryEvents.gridCreated, {
    subject: n.id,
    data: { id: n.id, code: n.code, path: n.path, name: 'g', nameEn: null, kind: n.kind, gridLevel: 3, parentCode: PATH[4]!, boundary: n.boundary, version: n.version },
  });
const updated = (n: NodeView) =>
  buildCloudEvent(GridRegistryEvents.gridUpdated, {
    subject: n.id,
    data: { id: n.id, code: n.code, path: n.path, changed: ['boundary'], name: 'g', nameEn: null, boundary: n.boundary, version: n.version },
  });
const retired = (n: NodeView, version: number) => buildCloudEvent(GridRegistryEvents.gridRetired, { subject: n.id, data: { id: n.id, code: n.code, path: n.path, reason: 'merged', version } });

describe('GridIndex (ticketing copy of the grid index)', () => {
  it('knows nothing before its first load, so every point goes to the registry', () => {
    const sut = sutWith([grid(ID_A, '4101020050010101', 113)]);
    expect(sut.ready).toBe(false);
    expect(sut.resolve(113.005, 34.005)).toBeUndefined();
  });

  it('loads every page of the snapshot and resolves points inside a level-3 grid only', async () => {
    const sut = sutWith([grid(ID_A, '4101020050010101', 113), grid(ID_B, '4101020050010102', 113.02)]);
    await sut.reload();
    expect(sut.ready).toBe(true);
    expect(sut.resolve(113.005, 34.005)).toEqual({ code: '4101020050010101', path: [...PATH, '4101020050010101'] });
    expect(sut.resolve(113.025, 34.005)?.code).toBe('4101020050010102');
    expect(sut.resolve(113.015, 34.005)).toBeUndefined();
  });

  it('follows created, moved and retired grids by their events', async () => {
    const a = grid(ID_A, '4101020050010101', 113);
    const sut = sutWith([a]);
    await sut.reload();
    const b = grid(ID_B, '4101020050010102', 113.02);
    sut.apply(created(b));
    expect(sut.resolve(113.025, 34.005)?.code).toBe(b.code);
    sut.apply(updated({ ...b, boundary: square(113.05, 34, 0.01), version: 2 } as NodeView));
    expect(sut.resolve(113.025, 34.005)).toBeUndefined();
    expect(sut.resolve(113.055, 34.005)?.code).toBe(b.code);
    sut.apply(retired(b, 3));
    expect(sut.resolve(113.055, 34.005)).toBeUndefined();
  });

  it('keeps the newer version whatever order the snapshot and the events arrive in', async () => {
    const a = grid(ID_A, '4101020050010101', 113);
    // the retirement is heard before a snapshot that still holds the node: it stays retired
    const late = sutWith([a]);
    late.apply(retired(a, 2));
    await late.reload();
    expect(late.resolve(113.005, 34.005)).toBeUndefined();
    // a stale event after a newer snapshot changes nothing
    const moved = { ...a, boundary: square(113.05, 34, 0.01), version: 3 } as NodeView;
    const sut = sutWith([moved]);
    await sut.reload();
    sut.apply(updated({ ...a, version: 2 } as NodeView));
    expect(sut.resolve(113.005, 34.005)).toBeUndefined();
    expect(sut.resolve(113.055, 34.005)?.code).toBe(a.code);
  });

  it('does not answer for a grid that is not level 3', async () => {
    const community = { ...grid(ID_A, '410102005001', 113), kind: NodeKind.Community, gridLevel: null, path: PATH.slice(0, 4) } as unknown as NodeView;
    const sut = sutWith([community]);
    await sut.reload();
    expect(sut.resolve(113.005, 34.005)).toBeUndefined();
  });
});
