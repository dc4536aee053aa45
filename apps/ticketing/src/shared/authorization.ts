import { hasCityWideAuthority, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
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

/**
 * Whether the caller may change ticketing's reference data (the working calendar and the category
 * tree with its time limits). Both apply to every case in the city, so only city-wide authority
 * changes them: the system administrator or a city operator (staff, scoped to a city node). A
 * subdistrict or district operator would otherwise move every other subdistrict's deadlines.
 */
export function managesReferenceData(caller: Caller): boolean {
  return isSystemAdmin(caller) || hasCityWideAuthority(caller);
}
