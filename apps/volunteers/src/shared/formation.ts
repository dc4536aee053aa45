/** The formation rule of party organisations 党组织组建率, in one place. */

/** A unit as the rule sees it. */
export interface FormationUnit {
  nonPublic: boolean;
  /** Party members working there (declared, or enrolled if more). */
  partyMemberCount: number;
  /** An explicit decision, or null for the rule. */
  shouldHaveBranchOverride: boolean | null;
}

/** Whether a unit should have a branch: the explicit decision, else a non-public enterprise with at least `minMembers` party members. */
export function shouldHaveBranch(unit: FormationUnit, minMembers: number): boolean {
  if (unit.shouldHaveBranchOverride !== null) return unit.shouldHaveBranchOverride;
  return unit.nonPublic && unit.partyMemberCount >= minMembers;
}

/** Numerator over denominator as a percent rounded half-up to two places (`"41.67"`), or null when the denominator is 0. */
export function percentHalfUp(numerator: number, denominator: number): string | null {
  if (denominator <= 0) return null;
  // hundredths of a percent, half-up, in integers: floor((2·n·10000 + d) / 2d)
  const hundredths = Math.floor((2 * numerator * 10000 + denominator) / (2 * denominator));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** The rate over units: those that should have a branch, and of them those that have an active one. */
export function formationRate(units: readonly (FormationUnit & { hasBranch: boolean })[], minMembers: number): { numerator: number; denominator: number; percent: string | null } {
  const due = units.filter((u) => shouldHaveBranch(u, minMembers));
  const numerator = due.filter((u) => u.hasBranch).length;
  return { numerator, denominator: due.length, percent: percentHalfUp(numerator, due.length) };
}
