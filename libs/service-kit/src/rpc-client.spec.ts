import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryRpc } from '@citygrid/contracts/grid-registry';
import { Subjects } from '@citygrid/messaging';
import { JSONCodec, type MsgHdrs, type NatsConnection } from 'nats';

import { runInContext } from './request-context';
import { AUTHORIZATION_HEADER, DEADLINE_HEADER, RpcClient } from './rpc-client';
import { ServiceError } from './service-error';

const codec = JSONCodec();

/** A NATS connection that records each request and answers with `reply` (or throws it). */
function fakeNats(reply: unknown | Error): { nc: NatsConnection; sent: Array<{ subject: string; body: unknown; timeout: number; headers: MsgHdrs }> } {
  const sent: Array<{ subject: string; body: unknown; timeout: number; headers: MsgHdrs }> = [];
  const nc = {
    request: async (subject: string, data: Uint8Array, opts: { timeout: number; headers: MsgHdrs }) => {
      sent.push({ subject, body: codec.decode(data), timeout: opts.timeout, headers: opts.headers });
      if (reply instanceof Error) throw reply;
      return { data: codec.encode(reply) };
    },
  } as unknown as NatsConnection;
  return { nc, sent };
}

describe('RpcClient', () => {
  it('sends the pattern in the envelope the services read, with the caller token and correlation id of the request', async () => {
    const { nc, sent } = fakeNats({ response: { node: null, path: [] } });
    const sut = new RpcClient(nc, { timeoutMs: 5000, subjects: new Subjects({ prefix: 'dev1' }) });
    await runInContext({ correlationId: 'req-1', authorization: 'Bearer t' }, () => sut.send(GridRegistryRpc.nodeLookup, { lng: 113.6, lat: 34.7 }));
    const subject = 'dev1.grid-registry.node.lookup';
    expect(sent[0]).toMatchObject({ subject, body: { pattern: subject, data: { payload: { lng: 113.6, lat: 34.7 } } }, timeout: 5000 });
    expect(sent[0]!.headers.get(AUTHORIZATION_HEADER)).toBe('Bearer t');
    expect(sent[0]!.headers.get('x-request-id')).toBe('req-1');
    expect(Number(sent[0]!.headers.get(DEADLINE_HEADER))).toBe(4750);
  });

  it('asks the bare subject when the deployment has no prefix', async () => {
    const { nc, sent } = fakeNats({ response: { node: null, path: [] } });
    await new RpcClient(nc, { timeoutMs: 5000 }).send(GridRegistryRpc.nodeLookup, { lng: 1, lat: 1 });
    expect(sent[0]!.subject).toBe('grid-registry.node.lookup');
  });

  it('gives the callee what the request has left minus the margin, and waits no longer than the request may', async () => {
    const { nc, sent } = fakeNats({ response: { node: null, path: [] } });
    const sut = new RpcClient(nc, { timeoutMs: 5000, marginMs: 100 });
    await runInContext({ deadline: Date.now() + 1000 }, () => sut.send(GridRegistryRpc.nodeLookup, { lng: 1, lat: 1 }));
    expect(sent[0]!.timeout).toBeLessThanOrEqual(1000);
    expect(sent[0]!.timeout).toBeGreaterThan(900);
    expect(Number(sent[0]!.headers.get(DEADLINE_HEADER))).toBeLessThanOrEqual(900);
  });

  it('refuses (503) without asking once the request has no time left', async () => {
    const { nc, sent } = fakeNats({ response: {} });
    const sut = new RpcClient(nc, { timeoutMs: 5000 });
    await expect(runInContext({ deadline: Date.now() + 100 }, () => sut.send(GridRegistryRpc.nodeLookup, { lng: 1, lat: 1 }))).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    expect(sent).toHaveLength(0);
  });

  it('leaves the token out when asked to call anonymously', async () => {
    const { nc, sent } = fakeNats({ response: { keys: [] } });
    const sut = new RpcClient(nc, { timeoutMs: 5000 });
    await runInContext({ authorization: 'Bearer t' }, () => sut.send('identity.keys.jwks', {}, { anonymous: true }));
    expect(sent[0]!.headers.get(AUTHORIZATION_HEADER)).toBe('');
  });

  it('turns a service error back into the same ServiceError, and a silent or missing service into 503', async () => {
    const refused = new RpcClient(fakeNats({ err: { code: ErrorCode.NotFound, title: 'Not found', detail: 'Grid at point [1, 1] does not exist.' } }).nc, { timeoutMs: 5000 });
    await expect(refused.send(GridRegistryRpc.nodeLookup, { lng: 1, lat: 1 })).rejects.toEqual(new ServiceError(ErrorCode.NotFound, 'Grid at point [1, 1] does not exist.'));
    for (const failure of [Object.assign(new Error('503'), { code: '503' }), Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' }), new Error('CONNECTION_CLOSED')]) {
      const sut = new RpcClient(fakeNats(failure).nc, { timeoutMs: 5000 });
      await expect(sut.send(GridRegistryRpc.nodeLookup, { lng: 1, lat: 1 })).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    }
    const garbled = new RpcClient(fakeNats({ err: 'boom' }).nc, { timeoutMs: 5000 });
    await expect(garbled.send(GridRegistryRpc.nodeLookup, { lng: 1, lat: 1 })).rejects.toMatchObject({ code: ErrorCode.Unavailable });
  });
});
