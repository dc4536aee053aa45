import { CORRELATION_HEADER, ErrorCode, isServiceErrorBody, type RpcMap, type RpcRequest, type RpcResponse } from '@citygrid/contracts';
import { GridRegistryRpc, NodeKind, PlaceKind, type GridRegistryRpcMap, type NodeView, type PlaceView } from '@citygrid/contracts/grid-registry';
import { rpcSubject } from '@citygrid/messaging';
import { AUTHORIZATION_HEADER, currentCorrelationId, ServiceError } from '@citygrid/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import { EVENTS_NATS } from '../shared/tokens';

const codec = JSONCodec();
/** grid-registry pages at most this many items. */
const PAGE = 500;

/**
 * The registry reads field work needs (nodes, level-3 grids, places), asked over NATS as the
 * caller: the caller's token travels along, so the registry applies the caller's scope and an
 * out-of-area code answers 404 here exactly as it would there.
 */
@Injectable()
export class RegistryQueries {
  constructor(
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {}

  /** A node the caller may see, or 404. */
  node(authorization: string | undefined, code: string): Promise<NodeView> {
    return this.ask(authorization, GridRegistryRpc.nodeGet, { code });
  }

  /** A place the caller may see, or 404. */
  place(authorization: string | undefined, id: string): Promise<PlaceView> {
    return this.ask(authorization, GridRegistryRpc.placeGet, { id });
  }

  /** Every active level-3 grid under `code` (inclusive) that the caller may see. */
  async level3Grids(authorization: string | undefined, code: string): Promise<NodeView[]> {
    const out: NodeView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.ask(authorization, GridRegistryRpc.nodeList, { kind: NodeKind.Grid, gridLevel: 3, under: code, offset, limit: PAGE });
      out.push(...page.items);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }

  /** Every key location under `code` that the caller may see. */
  async keyLocations(authorization: string | undefined, code: string): Promise<PlaceView[]> {
    const out: PlaceView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.ask(authorization, GridRegistryRpc.placeList, { kind: PlaceKind.KeyLocation, under: code, offset, limit: PAGE });
      out.push(...page.items);
      if (page.items.length < PAGE || out.length >= page.total) return out;
    }
  }

  private ask<P extends keyof GridRegistryRpcMap & string>(authorization: string | undefined, pattern: P, payload: RpcRequest<GridRegistryRpcMap, P>): Promise<RpcResponse<GridRegistryRpcMap, P>> {
    return askAs<GridRegistryRpcMap, P>(this.nc, this.env.REGISTRY_TIMEOUT_MS, authorization, pattern, payload);
  }
}

/**
 * One NATS request in the Nest shape (`{ id, pattern, data }`, the envelope in `data`) carrying the
 * caller's token and the correlation id; a service error comes back as the same `ServiceError`.
 */
export async function askAs<M extends RpcMap, P extends keyof M & string>(nc: NatsConnection, timeoutMs: number, authorization: string | undefined, pattern: P, payload: RpcRequest<M, P>): Promise<RpcResponse<M, P>> {
  const subject = rpcSubject(pattern);
  const h = natsHeaders();
  if (authorization) h.set(AUTHORIZATION_HEADER, authorization);
  const correlationId = currentCorrelationId();
  if (correlationId) h.set(CORRELATION_HEADER, correlationId);
  let reply: { response?: RpcResponse<M, P>; err?: unknown };
  try {
    const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: timeoutMs, headers: h });
    reply = codec.decode(msg.data) as typeof reply;
  } catch {
    throw new ServiceError(ErrorCode.Unavailable, `No answer to ${pattern} in time.`);
  }
  if (reply.err !== undefined && reply.err !== null) {
    if (isServiceErrorBody(reply.err)) throw ServiceError.fromBody(reply.err);
    throw new ServiceError(ErrorCode.Unavailable, `${pattern} failed.`);
  }
  if (reply.response === undefined) throw new ServiceError(ErrorCode.Unavailable, `No answer to ${pattern}.`);
  return reply.response;
}
