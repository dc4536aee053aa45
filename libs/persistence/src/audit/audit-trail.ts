import { assertAllowed, hasAnyRole, isOperator, pathFilter } from '@citygrid/auth';
import type { AuditEntryView, ListAuditQuery, Page } from '@citygrid/contracts';
import { Role, type Caller } from '@citygrid/contracts/identity';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';

import { AuditEntry } from './audit-entry.entity';

/**
 * One page of a service's audit trail for `caller`: auditors, operators and the system admin,
 * each within their subtree (by the entry's node path). Entries that belong to no node (e.g. a
 * staff record) are visible only to the system admin, whose scope is the whole system.
 */
export async function listAuditTrail(em: EntityManager, caller: Caller, q: ListAuditQuery): Promise<Page<AuditEntryView>> {
  assertAllowed(caller.kind === 'staff' && (isOperator(caller) || hasAnyRole(caller, [Role.Auditor])), 'Only auditors, operators and the system administrator read the audit trail.');
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  const scope = pathFilter(caller, 'nodePath', q.under) as FilterQuery<AuditEntry> | null;
  if (!scope) return { items: [], total: 0, offset, limit };
  const where: FilterQuery<AuditEntry>[] = [scope];
  if (q.entityType) where.push({ entityType: q.entityType });
  if (q.entityId) where.push({ entityId: q.entityId });
  if (q.actorId) where.push({ actorId: q.actorId });
  if (q.from) where.push({ at: { $gte: new Date(q.from) } });
  if (q.to) where.push({ at: { $lt: new Date(q.to) } });
  const [items, total] = await em.findAndCount(AuditEntry, { $and: where }, { orderBy: { id: 'desc' }, offset, limit });
  return { items: items.map(toAuditView), total, offset, limit };
}

export function toAuditView(e: AuditEntry): AuditEntryView {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    actorRoles: e.actorRoles,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    nodePath: e.nodePath,
    before: e.before,
    after: e.after,
    correlationId: e.correlationId,
  };
}
