import { assertClientMayCall, IS_PUBLIC, TokenVerifier } from '@citygrid/auth';
import { CORRELATION_HEADER, ErrorCode } from '@citygrid/contracts';
import { Subjects } from '@citygrid/messaging';
import { applyDecorators, type CallHandler, Controller, type ExecutionContext, Injectable, Logger, type NestInterceptor, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import { from, Observable, switchMap, tap } from 'rxjs';

import { rpcDuration } from './metrics';
import { runInContext, type RequestContext } from './request-context';
import { AUTHORIZATION_HEADER, DEADLINE_HEADER, IF_MATCH_HEADER } from './rpc-client';
import { RpcErrorFilter, RpcValidationPipe } from './rpc-server';
import { ServiceError } from './service-error';

/**
 * Runs each NATS handler in its request context: the caller its access token names (verified
 * here, in the service: a request straight over NATS is judged like one through the gateway), the
 * correlation id of the request that caused it, the token to forward and the deadline the asker
 * gave; and records its duration. `@Public()` handlers need no token.
 *
 * Each request handled is one log line with the gateway request's correlation id, so a request
 * is followed across services by that id: at debug level when it succeeded, at info when it was
 * refused (a 4xx at the edge: invalid, not found, forbidden …), at warn when it failed.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('rpc');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly subjects: Subjects,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const natsContext = context.switchToRpc().getContext<NatsContext>();
    const started = Date.now();
    const correlationId = natsContext.getHeaders()?.get(CORRELATION_HEADER) || undefined;
    const line = (outcome: string): Record<string, unknown> => ({
      rpc: this.subjects.patternOf(natsContext.getSubject()),
      outcome,
      durationMs: Date.now() - started,
      ...(correlationId ? { correlationId } : {}),
    });
    return this.handle(context, natsContext, next).pipe(
      tap({
        complete: () => this.logger.debug(line('ok'), 'rpc handled'),
        error: (err: unknown) => {
          if (err instanceof ServiceError && err.code !== ErrorCode.Internal && err.code !== ErrorCode.Unavailable) this.logger.log(line(err.code), 'rpc refused');
          else this.logger.warn(line(err instanceof ServiceError ? err.code : 'internal'), 'rpc failed');
        },
      }),
    );
  }

  private handle(context: ExecutionContext, natsContext: NatsContext, next: CallHandler): Observable<unknown> {
    const received = Date.now();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
    const h = natsContext.getHeaders();
    const authorization = h?.get(AUTHORIZATION_HEADER) || undefined;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const budget = Number(h?.get(DEADLINE_HEADER));
    const base: Partial<RequestContext> = {
      correlationId: h?.get(CORRELATION_HEADER) || undefined,
      authorization: token ? authorization : undefined,
      deadline: Number.isFinite(budget) && budget > 0 ? received + budget : undefined,
      ifMatch: h?.get(IF_MATCH_HEADER) || undefined,
    };
    if (isPublic && !token) return this.run(natsContext, next, base);
    const pattern = this.subjects.patternOf(natsContext.getSubject());
    return from(this.verifier.verify(token)).pipe(
      switchMap((caller) => {
        // OAuth scopes per operation, decided by the table in contracts, before any handler runs.
        if (!isPublic) assertClientMayCall(caller, pattern);
        return this.run(natsContext, next, { ...base, caller });
      }),
    );
  }

  private run(natsContext: NatsContext, next: CallHandler, ctx: Partial<RequestContext>): Observable<unknown> {
    const pattern = natsContext.getSubject();
    return new Observable((subscriber) => {
      const end = rpcDuration.startTimer({ pattern });
      runInContext(ctx, () => {
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
