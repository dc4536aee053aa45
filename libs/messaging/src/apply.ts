import type { EntityManager, Knex } from '@mikro-orm/postgresql';
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

/**
 * Applies a batch of events, in stream order, in one transaction that records them all in the
 * inbox: the same contract as {@link EventHandler}, for a consumer whose writes cost a handful of
 * statements however many events they hold (a read model's rollups), so that it keeps up with
 * the stream by committing what has arrived together rather than one event per commit.
 */
export type BatchEventHandler = (events: readonly CityGridCloudEvent[], em: EntityManager) => Promise<void>;

/** One event under the consumer that applies it. */
export interface InboxEntry {
  consumer: string;
  event: CityGridCloudEvent;
}

/**
 * Inside a transaction: record every (consumer, event id) of `entries` in the inbox in one
 * statement, and return the entries whose row is new (the others were applied before, or appear
 * twice in `entries`), in their order. As with {@link applyInTransaction}, a concurrent delivery
 * of the same event waits on the primary key and then sees the conflict.
 */
export async function recordInInbox<E extends InboxEntry>(tx: EntityManager, entries: readonly E[]): Promise<E[]> {
  if (!entries.length) return [];
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const key = `${e.consumer}|${e.event.id.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // two arrays, whatever the batch's size (a multi-row VALUES list binds three parameters a row
  // and costs Postgres a parse of thousands of them), inserted in key order so that concurrent
  // batches lock the rows they share in one order
  const schema = tx.config.get('schema');
  const query = tx.getKnex().raw(
    `insert into ?? ("consumer", "event_id", "processed_at")
       select e."consumer", e."event_id", ? from unnest(?::text[], ?::uuid[]) as e("consumer", "event_id")
       order by e."consumer", e."event_id"
       on conflict ("consumer", "event_id") do nothing
       returning "consumer", "event_id"::text as "event_id"`,
    [schema ? `${schema}.inbox` : 'inbox', new Date(), unique.map((e) => e.consumer), unique.map((e) => e.event.id)],
  );
  const trx = tx.getTransactionContext<Knex.Transaction>();
  if (trx) query.transacting(trx);
  const fresh = ((await query) as { rows: Array<{ consumer: string; event_id: string }> }).rows;
  // Postgres answers a uuid in lower case whatever case the event gave it in
  const isFresh = new Set(fresh.map((r) => `${r.consumer}|${r.event_id}`));
  return unique.filter((e) => isFresh.has(`${e.consumer}|${e.event.id.toLowerCase()}`));
}
