import type { UnitView } from '@citygrid/contracts/volunteers';
import type { EntityManager } from '@mikro-orm/core';

import { Member, Organisation, type Unit } from '../entities';
import { shouldHaveBranch } from './formation';

/** Party members of a unit as the formation rule counts them: the declared count, or those enrolled in its organisations when more. */
export async function memberCountOf(em: EntityManager, u: Unit): Promise<number> {
  const orgs = await em.find(Organisation, { hostUnitId: u.placeId }, { fields: ['id'] });
  const enrolled = orgs.length ? await em.count(Member, { organisationId: { $in: orgs.map((o) => o.id) } }) : 0;
  return Math.max(u.partyMemberCount, enrolled);
}

/** A unit as its view and its event show it; `shouldHaveBranch` is the rule over `memberCount` (the count from {@link memberCountOf}). */
export function toUnitView(u: Unit, memberCount: number, minMembers: number): UnitView {
  return {
    id: u.id,
    placeId: u.placeId,
    nonPublic: u.nonPublic,
    partyMemberCount: u.partyMemberCount,
    shouldHaveBranchOverride: u.shouldHaveBranchOverride,
    shouldHaveBranch: shouldHaveBranch({ ...u, partyMemberCount: memberCount }, minMembers),
    nodeCode: u.nodeCode,
    path: u.path,
  };
}
