import { hasAnyRole, isSystemAdmin } from '@citygrid/auth';
import { Role, type Caller } from '@citygrid/contracts/identity';
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

/** Operators who keep ticketing's reference data (working calendar, category tree): subdistrict level and above. */
export const REFERENCE_DATA_ROLES: readonly Role[] = [Role.SubdistrictOperator, Role.DistrictOperator, Role.CityOperator];

/** Whether the caller may change reference data: the system admin or an operator of subdistrict level and above. */
export function managesReferenceData(caller: Caller): boolean {
  return isSystemAdmin(caller) || hasAnyRole(caller, REFERENCE_DATA_ROLES);
}
