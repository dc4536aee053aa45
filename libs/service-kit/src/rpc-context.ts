import { assertClientMayCall, IS_PUBLIC, runAsCaller, TokenVerifier } from '@citygrid/auth';
import { CORRELATION_HEADER } from '@citygrid/contracts';
import { subjectPrefix } from '@citygrid/messaging';
import { applyDecorators, type CallHandler, Controller, type ExecutionContext, Injectable, type NestInterceptor, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import { from, Observable, switchMap } from 'rxjs';

import { runWithCorrelation } from './correlation';
import { rpcDuration } from './metrics';
import { RpcErrorFilter, RpcValidationPipe } from './rpc-server';

/** NATS header carrying the caller's access token (`Bearer <jwt>`). */
export const AUTHORIZATION_HEADER = 'authorization';

/**
 * Runs each NATS handler as the caller its access token names (verified here, in the service:
 * a request straight over NATS is judged like one through the gateway), inside the correlation
 * id of the request that caused it, and records its duration. `@Public()` handlers need no token.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const natsContext = rpc.getContext<NatsContext>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
    const authorization = natsContext.getHeaders()?.get(AUTHORIZATION_HEADER) || undefined;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (isPublic && !token) return this.run(natsContext, next);
    const pattern = patternOf(natsContext.getSubject());
    return from(this.verifier.verify(token)).pipe(
      switchMap((caller) => {
        // OAuth scopes per operation, decided by the table in contracts, before any handler runs.
        if (!isPublic) assertClientMayCall(caller, pattern);
        return new Observable<unknown>((subscriber) => runAsCaller(caller, () => this.run(natsContext, next).subscribe(subscriber)));
      }),
    );
  }

  private run(natsContext: NatsContext, next: CallHandler): Observable<unknown> {
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

/** The RPC pattern of a subject: the subject without the deployment's `NATS_SUBJECT_PREFIX`. */
function patternOf(subject: string): string {
  const prefix = subjectPrefix();
  return prefix && subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}
