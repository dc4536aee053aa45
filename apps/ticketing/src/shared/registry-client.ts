import { CORRELATION_HEADER, ErrorCode, isServiceErrorBody } from '@citygrid/contracts';
import { GridRegistryRpc, NodeKind, type LookupResultView } from '@citygrid/contracts/grid-registry';
import { rpcSubject } from '@citygrid/messaging';
import { AUTHORIZATION_HEADER, currentCorrelationId, ServiceError } from '@citygrid/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import { EVENTS_NATS } from './tokens';
import { TicketingException } from './ticketing.exception';

const codec = JSONCodec();

/** The grid a point lies in, as ticketing keeps it on a case. */
export interface ResolvedGrid {
  code: string;
  path: string[];
}

/** Asks grid-registry over NATS, as the caller (its access token travels in the headers). */
@Injectable()
export class RegistryClient {
  constructor(
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {}

  /**
   * The level-3 grid containing `[lng, lat]`, or 422 naming `location`. The registry answers 404
   * both outside every grid and outside the caller's area; to the caller both mean "not a place
   * you can report", so both become the same 422.
   */
  async resolveGrid(authorization: string | undefined, lng: number, lat: number): Promise<ResolvedGrid> {
    const pattern = rpcSubject(GridRegistryRpc.nodeLookup);
    const h = natsHeaders();
    if (authorization) h.set(AUTHORIZATION_HEADER, authorization);
    const correlationId = currentCorrelationId();
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    let reply: { response?: LookupResultView; err?: unknown };
    try {
      // The Nest NATS request shape: `{ id, pattern, data }`, the envelope in `data`.
      const msg = await this.nc.request(pattern, codec.encode({ id: randomUUID(), pattern, data: { payload: { lng, lat } } }), { timeout: this.env.REGISTRY_TIMEOUT_MS, headers: h });
      reply = codec.decode(msg.data) as typeof reply;
    } catch {
      throw new ServiceError(ErrorCode.Unavailable, 'grid-registry did not answer the point lookup.');
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isServiceErrorBody(reply.err) && reply.err.code === ErrorCode.NotFound) throw outside(lng, lat);
      if (isServiceErrorBody(reply.err)) throw ServiceError.fromBody(reply.err);
      throw new ServiceError(ErrorCode.Unavailable, 'grid-registry failed the point lookup.');
    }
    const node = reply.response?.node;
    if (!node || node.kind !== NodeKind.Grid || node.gridLevel !== 3) throw outside(lng, lat);
    return { code: node.code, path: reply.response?.path ?? [] };
  }
}

function outside(lng: number, lat: number): TicketingException {
  return TicketingException.unprocessable(`The location [${lng}, ${lat}] is not inside any level-3 grid of your area.`, [
    { field: 'location', reason: 'location is outside every level-3 grid' },
  ]);
}
