import { EntityManager } from '@mikro-orm/postgresql';
import { CityGridCloudEvent } from '@citygrid/contracts';
import { InboxMessage } from './entities';

/**
 * Applies one event. It runs inside the transaction that records the event in the inbox, so
 * its writes commit together with "processed": use the given `em`, not another.
 */
export type EventHandler = (event: CityGridCloudEvent, em: EntityManager) => Promise<void>;

/** Handlers by CloudEvents `type`. */
export type EventHandlers = Record<string, EventHandler>;

/**
 * Inside a transaction: record (consumer, event id) in the inbox, and run the handler only if
 * that row is new. A concurrent delivery of the same event blocks on the primary key until the
 * first commits, then sees the conflict, so the handler runs once even under races.
 *
 * @returns true when the event was applied now, false when it had been applied before
 */
export async function applyInTransaction(tx: EntityManager, consumer: string, event: CityGridCloudEvent, handler: EventHandler | undefined): Promise<boolean> {
  const res = await tx.createQueryBuilder(InboxMessage).insert({ consumer, eventId: event.id, processedAt: new Date() }).onConflict(['consumer', 'eventId']).ignore().execute('run');
  if (res.affectedRows === 0) return false;
  // unknown types are recorded too, so the inbox is a complete log of what this consumer acked
  if (handler) await handler(event, tx);
  return true;
}
