import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/**
 * `ETag: "<version>"` on every answer that is one resource with a version (a case, a node, …):
 * the value to send back as `If-Match` on its next change (PATCH, a transition), which the
 * service that owns it refuses with 412 once someone else changed it.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { version?: unknown }).version : undefined;
        if (Number.isInteger(version) && !res.headersSent) res.setHeader('ETag', `"${String(version)}"`);
        return body;
      }),
    );
  }
}
