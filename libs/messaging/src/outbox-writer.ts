import { EntityManager } from '@mikro-orm/core';
import { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { buildCloudEvent } from './cloudevent';
import { OutboxMessage } from './entities';
import { Subjects } from './subjects';

/** What a service supplies when it records an event. */
export interface OutboxAddInput<T> {
  /** Id of the aggregate the event is about. */
  subject: string;
  /** Payload. */
  data: T;
  /** Correlation id of the causing request (`x-request-id`). */
  correlationId?: string;
}

/**
 * Records domain events in the outbox. The event becomes visible to the relay only when the
 * caller's transaction commits, so state and event are saved together or not at all.
 */
export class OutboxWriter {
  private readonly subjects: Subjects;
  private readonly source?: string;

  /**
   * @param opts.subjects the deployment's naming (from the validated config); default: no prefix
   * @param opts.source CloudEvents `source` override; default `/citygrid/<def.service>`
   */
  constructor(opts: { subjects?: Subjects; source?: string } = {}) {
    this.subjects = opts.subjects ?? new Subjects();
    this.source = opts.source;
  }

  /**
   * Persist an event on `em`. Call it with the transactional `em` inside
   * `em.transactional(...)`; the flush at commit writes it.
   *
   * @returns the CloudEvent that will be published
   */
  add<T>(em: EntityManager, def: EventDefinition<T>, input: OutboxAddInput<T>): CityGridCloudEvent<T> {
    const event = buildCloudEvent(def, input, this.source);
    em.persist(new OutboxMessage(this.subjects.event(def.subject), event));
    return event;
  }
}
