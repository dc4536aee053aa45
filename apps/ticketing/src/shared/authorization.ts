import { AUTHORIZATION_HEADER } from '@citygrid/service-kit';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';

/**
 * Handler parameter: the `authorization` NATS header this request came with (`Bearer <jwt>`).
 * Ticketing forwards it unchanged when it asks grid-registry, so the registry judges the same
 * caller (and its scope) rather than trusting ticketing.
 */
export const CallerAuthorization = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const nats = ctx.switchToRpc().getContext<NatsContext>();
  return nats.getHeaders()?.get(AUTHORIZATION_HEADER) || undefined;
});
