import { ErrorCode } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';

/** A household as assignment sees it. */
export interface Assignable {
  id: string;
  packageId: string | null;
}

/**
 * 一户包到底: each household has exactly one package. Households already in `packageId` are kept
 * (assigning again is a no-op); one in another package is a 409 naming that package.
 *
 * @returns the households newly assigned
 */
export function toAssign<T extends Assignable>(households: readonly T[], packageId: string, packageName: (id: string) => string): T[] {
  const taken = households.filter((h) => h.packageId !== null && h.packageId !== packageId);
  if (taken.length) {
    const first = taken[0] as T;
    throw new ServiceError(
      ErrorCode.Conflict,
      `Household ${first.id} is already in package ${first.packageId} (${packageName(first.packageId as string)}); a household has one package.`,
      taken.map((h) => ({ field: 'householdIds', reason: `${h.id} is in package ${h.packageId}` })),
    );
  }
  return households.filter((h) => h.packageId === null);
}
