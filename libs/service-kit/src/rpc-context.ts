import { CORRELATION_HEADER } from '@citygrid/contracts';
import { applyDecorators, type CallHandler, Controller, type ExecutionContext, Injectable, type NestInterceptor, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';

import { runWithCorrelation } from './correlation';
import { rpcDuration } from './metrics';
import { RpcErrorFilter, RpcValidationPipe } from './rpc-server';

/**
 * Runs each NATS handler inside the correlation id of the request that caused it (from the
 * `x-request-id` NATS header), and records its duration.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const natsContext = rpc.getContext<NatsContext>();
    const pattern = natsContext.getSubject();
    const correlationId = natsContext.getHeaders()?.get(CORRELATION_HEADER) || undefined;
    return new Observable((subscriber) => {
      const end = rpcDuration.startTimer({ pattern });
      runWithCorrelation(correlationId, () => {
        next.handle().subscribe({
          next: (v) => subscriber.next(v),
          error: (err: unknown) => {
            end({ outcome: 'error' });
            subscriber.error(err);
          },
          complete: () => {
            end({ outcome: 'ok' });
            subscriber.complete();
          },
        });
      });
    });
  }
}

/** A controller answering NATS requests: validated payloads, typed errors, correlation, metrics. */
export function RpcController(): ClassDecorator {
  return applyDecorators(Controller(), UseInterceptors(RpcContextInterceptor), UsePipes(RpcValidationPipe), UseFilters(RpcErrorFilter));
}
