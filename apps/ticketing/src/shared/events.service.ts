import type { EventDefinition } from '@citygrid/contracts';
import { OutboxWriter } from '@citygrid/messaging';
import { currentCorrelationId, eventsWritten } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';

/** Records ticketing events in the outbox of the caller's transaction. */
@Injectable()
export class EventsService {
  private readonly writer = new OutboxWriter();

  /** Call inside `em.transactional`: the event commits with the state change or not at all. */
  record<T>(em: EntityManager, def: EventDefinition<T>, subject: string, data: T): void {
    this.writer.add(em, def, { subject, data, correlationId: currentCorrelationId() });
    eventsWritten.inc({ type: def.type });
  }
}
