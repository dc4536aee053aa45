import { CORRELATION_HEADER, ErrorCode, isServiceErrorBody, type ServiceErrorBody } from '@citygrid/contracts';
import { GridRegistryRpc, NodeKind, type DepartmentView, type LookupResultView } from '@citygrid/contracts/grid-registry';
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
    const reply = await this.ask<LookupResultView>(authorization, GridRegistryRpc.nodeLookup, { lng, lat }, 'the point lookup');
    if ('err' in reply) {
      if (reply.err.code === ErrorCode.NotFound) throw outside(lng, lat);
      throw ServiceError.fromBody(reply.err);
    }
    const node = reply.response.node;
    if (!node || node.kind !== NodeKind.Grid || node.gridLevel !== 3) throw outside(lng, lat);
    return { code: node.code, path: reply.response.path ?? [] };
  }

  /**
   * The department a case may be dispatched to: it exists, the caller may see it, and it serves
   * the case's grid or a node above it. Otherwise a 422 naming `departmentCode`.
   */
  async dispatchableDepartment(authorization: string | undefined, code: string, gridPath: readonly string[]): Promise<DepartmentView> {
    const reply = await this.ask<DepartmentView>(authorization, GridRegistryRpc.departmentByCode, { code }, 'the department lookup');
    if ('err' in reply) {
      if (reply.err.code === ErrorCode.NotFound || reply.err.code === ErrorCode.ValidationFailed) {
        throw TicketingException.unprocessable(`Department ${code} does not exist.`, [{ field: 'departmentCode', reason: `unknown department ${code}` }]);
      }
      throw ServiceError.fromBody(reply.err);
    }
    const grid = gridPath[gridPath.length - 1] ?? '';
    if (!reply.response.servesNodeCodes.some((c) => gridPath.includes(c))) {
      throw TicketingException.unprocessable(`Department ${code} does not serve grid ${grid}.`, [{ field: 'departmentCode', reason: `department ${code} does not serve grid ${grid}` }]);
    }
    return reply.response;
  }

  private async ask<T>(authorization: string | undefined, rpc: string, payload: object, what: string): Promise<{ response: T } | { err: ServiceErrorBody }> {
    const pattern = rpcSubject(rpc);
    const h = natsHeaders();
    if (authorization) h.set(AUTHORIZATION_HEADER, authorization);
    const correlationId = currentCorrelationId();
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    let reply: { response?: T; err?: unknown };
    try {
      // The Nest NATS request shape: `{ id, pattern, data }`, the envelope in `data`.
      const msg = await this.nc.request(pattern, codec.encode({ id: randomUUID(), pattern, data: { payload } }), { timeout: this.env.REGISTRY_TIMEOUT_MS, headers: h });
      reply = codec.decode(msg.data) as typeof reply;
    } catch {
      throw new ServiceError(ErrorCode.Unavailable, `grid-registry did not answer ${what}.`);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isServiceErrorBody(reply.err)) return { err: reply.err };
      throw new ServiceError(ErrorCode.Unavailable, `grid-registry failed ${what}.`);
    }
    if (reply.response === undefined) throw new ServiceError(ErrorCode.Unavailable, `grid-registry gave no answer to ${what}.`);
    return { response: reply.response };
  }
}

function outside(lng: number, lat: number): TicketingException {
  return TicketingException.unprocessable(`The location [${lng}, ${lat}] is not inside any level-3 grid of your area.`, [
    { field: 'location', reason: 'location is outside every level-3 grid' },
  ]);
}
