import type { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { buildCloudEvent, OutboxWriter, Subjects } from '@citygrid/messaging';
import { assertWithinDeadline, currentCorrelationId, eventsWritten } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';

import type { AuditEntry } from './audit-entry.entity';
import { addAuditEntry, auditValues, type AuditValues } from './audit-writer';

/** An event and its audit row as values, for a write that goes around the ORM's unit of work. */
export interface PreparedRecord<T> {
  /** The outbox row: full NATS subject and the CloudEvent. */
  outbox: { subject: string; event: CityGridCloudEvent<T> };
  audit: AuditValues;
}

/**
 * The one way a service records a change: its event in the outbox of the caller's transaction,
 * and with it the audit row of the change. Every write records its event here, so every write is
 * audited, in every service that uses it.
 */
@Injectable()
export class EventRecorder {
  private readonly writer: OutboxWriter;

  /** @param subjects the deployment's subject naming (provided by `natsProviders` from the validated config) */
  constructor(private readonly subjects: Subjects) {
    this.writer = new OutboxWriter({ subjects });
  }

  /**
   * Call inside `em.transactional`: the event and the audit row commit with the state change or
   * not at all. Once the request's deadline has passed it refuses (503) instead, so the change
   * rolls back: the caller has stopped waiting, and a retry must not find it done.
   *
   * @param before state before the change (updates, moves, retirements); omit for creations
   * @returns the audit row, its id assigned once the transaction commits
   * @param after state after the change for the audit trail, when it holds more than the event
   *   (e.g. a resident's masked ID number, which the event leaves out); defaults to `data`
   */
  record<T>(em: EntityManager, def: EventDefinition<T>, subject: string, data: T, before?: unknown, after?: unknown): AuditEntry {
    assertWithinDeadline();
    const correlationId = currentCorrelationId();
    this.writer.add(em, def, { subject, data, correlationId });
    const entry = addAuditEntry(em, def, subject, data, before, after ?? data, correlationId);
    eventsWritten.inc({ type: def.type });
    return entry;
  }

  /**
   * The same rows as `record`, as values, for a hot path that writes them in its own statement
   * (it must write both, in the transaction of the change). Refuses past the deadline like `record`.
   */
  prepare<T>(def: EventDefinition<T>, subject: string, data: T, before?: unknown, after?: unknown): PreparedRecord<T> {
    assertWithinDeadline();
    const correlationId = currentCorrelationId();
    const event = buildCloudEvent(def, { subject, data, correlationId });
    eventsWritten.inc({ type: def.type });
    return { outbox: { subject: this.subjects.event(def.subject), event }, audit: auditValues(def, subject, data, before, after ?? data, correlationId) };
  }
}
