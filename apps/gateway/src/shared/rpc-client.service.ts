import { CORRELATION_HEADER, ErrorCode, isServiceErrorBody, type RpcMap, type RpcRequest, type RpcResponse } from '@citygrid/contracts';
import type { GridRegistryRpcMap } from '@citygrid/contracts/grid-registry';
import type { TicketingRpcMap } from '@citygrid/contracts/ticketing';
import { rpcSubject } from '@citygrid/messaging';
import { AUTHORIZATION_HEADER, currentAuthorization, currentCorrelationId, ServiceError } from '@citygrid/service-kit';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import * as nats from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

import { GATEWAY_ENV, type GatewayEnv } from '../config';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/**
 * Typed request/reply over NATS: the pattern decides the payload and response types, the
 * correlation id travels in a NATS header, and service errors come back as `ServiceError`.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);

  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async send<M extends RpcMap, P extends keyof M & string>(pattern: P, payload: RpcRequest<M, P>): Promise<RpcResponse<M, P>> {
    const headers = nats.headers();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    // The service verifies the token itself; the gateway only carries it.
    const authorization = currentAuthorization();
    if (authorization) headers.set(AUTHORIZATION_HEADER, authorization);
    const record = new NatsRecordBuilder({ payload }).setHeaders(headers).build();
    try {
      return await firstValueFrom(this.client.send<RpcResponse<M, P>>(rpcSubject(pattern), record).pipe(timeout(this.env.RPC_TIMEOUT_MS)));
    } catch (err) {
      if (isServiceErrorBody(err)) throw ServiceError.fromBody(err);
      if (err instanceof TimeoutError) {
        throw new ServiceError(ErrorCode.Unavailable, `The service behind ${pattern} did not answer within ${this.env.RPC_TIMEOUT_MS} ms.`);
      }
      const message = err instanceof Error ? err.message : String(err);
      if (/no responders|503|CONNECTION_REFUSED|disconnect/i.test(message)) {
        throw new ServiceError(ErrorCode.Unavailable, `No service answers ${pattern} right now.`);
      }
      this.logger.error({ err, pattern }, 'RPC failed');
      throw err;
    }
  }

  /** For readiness: the NATS connection is open. */
  async ping(): Promise<void> {
    await this.client.connect();
    const nc = this.client.unwrap<nats.NatsConnection>();
    if (nc.isClosed()) throw new Error('NATS connection closed');
    await nc.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** Typed client of grid-registry. */
@Injectable()
export class GridRegistryClient {
  constructor(private readonly rpc: RpcClient) {}

  send<P extends keyof GridRegistryRpcMap & string>(pattern: P, payload: RpcRequest<GridRegistryRpcMap, P>): Promise<RpcResponse<GridRegistryRpcMap, P>> {
    return this.rpc.send<GridRegistryRpcMap, P>(pattern, payload);
  }
}

/** Typed client of ticketing. */
@Injectable()
export class TicketingClient {
  constructor(private readonly rpc: RpcClient) {}

  send<P extends keyof TicketingRpcMap & string>(pattern: P, payload: RpcRequest<TicketingRpcMap, P>): Promise<RpcResponse<TicketingRpcMap, P>> {
    return this.rpc.send<TicketingRpcMap, P>(pattern, payload);
  }
}
