import { randomUUID } from 'node:crypto';

import { CORRELATION_HEADER, ErrorCode, isServiceErrorBody, type CityGridRpcMap, type RpcPattern, type RpcRequest, type RpcResponse } from '@citygrid/contracts';
import { Subjects } from '@citygrid/messaging';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';

import { currentContext } from './request-context';
import { ServiceError } from './service-error';

/** NATS header carrying the caller's access token (`Bearer <jwt>`). */
export const AUTHORIZATION_HEADER = 'authorization';
/** NATS header carrying the HTTP request's `If-Match` to the service that makes the change. */
export const IF_MATCH_HEADER = 'if-match';
/** NATS header carrying how many milliseconds the callee has to answer. */
export const DEADLINE_HEADER = 'citygrid-budget-ms';

/** Options of {@link RpcClient}. */
export interface RpcClientOptions {
  /** Longest wait for one answer, when the request being served leaves more time (or has no deadline). */
  timeoutMs: number;
  /**
   * Time kept back at each hop: the callee is told to answer this much sooner than this side
   * waits, so its answer (or its refusal for lack of time) arrives before this side gives up.
   * Default 250 ms.
   */
  marginMs?: number;
  /** The deployment's subject naming (prefix from the validated config); default: no prefix. */
  subjects?: Subjects;
}

/** Per call: act without the current caller's token (a public operation, or a service's own call). */
export interface RpcCallOptions {
  anonymous?: boolean;
}

const codec = JSONCodec();

/**
 * The one way anything here asks a service over NATS: `rpc.send(TicketingRpc.caseCreate, dto)`,
 * typed by the pattern. It carries the request context (correlation id, the caller's token) and
 * a deadline: the wait is the smaller of `timeoutMs` and what the request being served has left,
 * the callee gets that minus a margin, so an inner call never outlives the outer one. A service
 * error comes back as the same `ServiceError`; no answer in time, no responder or no connection
 * is a 503.
 *
 * The envelope is the one Nest's NATS transport reads and writes (`{ id, pattern, data }` out,
 * `{ response | err }` back); this is the only place that knows it.
 */
export class RpcClient {
  private readonly marginMs: number;
  private readonly subjects: Subjects;

  constructor(
    private readonly nc: NatsConnection,
    private readonly opts: RpcClientOptions,
  ) {
    this.marginMs = opts.marginMs ?? 250;
    this.subjects = opts.subjects ?? new Subjects();
  }

  async send<P extends RpcPattern>(pattern: P, payload: RpcRequest<CityGridRpcMap, P>, call: RpcCallOptions = {}): Promise<RpcResponse<CityGridRpcMap, P>> {
    const ctx = currentContext();
    const left = ctx?.deadline === undefined ? Infinity : ctx.deadline - Date.now();
    const waitMs = Math.min(this.opts.timeoutMs, left);
    const budgetMs = Math.floor(waitMs - this.marginMs);
    if (budgetMs <= 0) throw new ServiceError(ErrorCode.Unavailable, `No time was left to ask ${pattern}.`);
    const h = natsHeaders();
    if (ctx?.correlationId) h.set(CORRELATION_HEADER, ctx.correlationId);
    if (ctx?.authorization && !call.anonymous) h.set(AUTHORIZATION_HEADER, ctx.authorization);
    if (ctx?.ifMatch) h.set(IF_MATCH_HEADER, ctx.ifMatch);
    h.set(DEADLINE_HEADER, String(budgetMs));
    const subject = this.subjects.rpc(pattern);
    let reply: { response?: RpcResponse<CityGridRpcMap, P>; err?: unknown };
    try {
      const msg = await this.nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: Math.ceil(waitMs), headers: h });
      reply = codec.decode(msg.data) as typeof reply;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/no responders|503/i.test(message)) throw new ServiceError(ErrorCode.Unavailable, `No service answers ${pattern} right now.`);
      if (/timeout/i.test(message)) throw new ServiceError(ErrorCode.Unavailable, `The service behind ${pattern} did not answer within ${Math.ceil(waitMs)} ms.`);
      throw new ServiceError(ErrorCode.Unavailable, `${pattern} could not be asked: the message bus is unavailable.`);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isServiceErrorBody(reply.err)) throw ServiceError.fromBody(reply.err);
      throw new ServiceError(ErrorCode.Unavailable, `${pattern} failed.`);
    }
    if (reply.response === undefined) throw new ServiceError(ErrorCode.Unavailable, `No answer to ${pattern}.`);
    return reply.response;
  }

  /** For readiness: the NATS connection is open and answers a round trip. */
  async ping(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('NATS connection closed');
    await this.nc.flush();
  }
}
