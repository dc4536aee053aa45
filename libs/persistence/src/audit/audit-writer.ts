import type { EventDefinition } from '@citygrid/contracts';
import { currentCaller } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/core';

import { AuditEntry } from './audit-entry.entity';
import { auditSnapshot } from './audit-mask';

/** Actor recorded for changes made outside any request (start-up jobs, migrations of data). */
export const SYSTEM_ACTOR = { id: 'system', name: 'system', roles: [] as string[] };

/**
 * Add an audit row for the change an event describes, on the transactional `em` (it commits with
 * the change or not at all). The actor is the verified caller of the request being served; the
 * node path is the event's `path` (or the `before` state's), so the entry is visible to whoever
 * may see that node.
 */
/** The column values of an audit row (what `addAuditEntry` persists, for a write that goes around the ORM). */
export interface AuditValues {
  actorId: string;
  actorName: string;
  actorRoles: string[];
  action: string;
  entityType: string;
  entityId: string;
  nodePath: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  correlationId: string | null;
}

/** The audit row of the change an event describes, as values; the actor is the current caller. */
export function auditValues<T>(def: EventDefinition<T>, subject: string, data: T, before: unknown, after: unknown, correlationId: string | undefined): AuditValues {
  const caller = currentCaller();
  const actor = caller ? { id: caller.id, name: caller.name, roles: [...caller.roles] } : SYSTEM_ACTOR;
  return {
    actorId: actor.id,
    actorName: actor.name,
    actorRoles: actor.roles,
    action: def.type,
    entityType: def.aggregate,
    entityId: subject,
    nodePath: pathOf(data) ?? pathOf(before) ?? [],
    before: auditSnapshot(before),
    after: auditSnapshot(after),
    correlationId: correlationId ?? null,
  };
}

export function addAuditEntry<T>(em: EntityManager, def: EventDefinition<T>, subject: string, data: T, before: unknown, after: unknown, correlationId: string | undefined): AuditEntry {
  const entry = Object.assign(new AuditEntry(), { at: new Date(), ...auditValues(def, subject, data, before, after, correlationId) });
  em.persist(entry);
  return entry;
}

function pathOf(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const path = (value as { path?: unknown }).path;
  return Array.isArray(path) && path.every((p) => typeof p === 'string') ? (path as string[]) : undefined;
}
