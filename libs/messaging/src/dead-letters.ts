import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Page } from '@citygrid/contracts';
import { applyInTransaction, EventHandlers } from './apply';
import { DeadLetter } from './entities';
import { DeadLetterNotFoundError, PoisonMessageError, ReplayFailedError, UnknownConsumerError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filter and paging of {@link DeadLetters.list}. */
export interface DeadLetterQuery {
  consumer?: string;
  /** Include rows already replayed; default false. */
  includeReplayed?: boolean;
  /** Default 50. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

/** Outcome of {@link DeadLetters.replay}. */
export interface ReplayResult {
  /** False when the inbox shows the event had already been applied (e.g. replayed before). */
  applied: boolean;
  /** The dead letter after the replay, marked replayed. */
  deadLetter: DeadLetter;
}

/** Inspect and replay events that consumers gave up on. */
export class DeadLetters {
  /**
   * @param opts.handlers handlers by consumer name, then by event type; the same ones the
   *   consumers use (with the fix deployed) so a replay applies the event exactly as a delivery would
   */
  constructor(private readonly opts: { orm: MikroORM; handlers: Record<string, EventHandlers> }) {}

  /** Dead letters, oldest first. */
  async list(query: DeadLetterQuery = {}): Promise<Page<DeadLetter>> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const where = {
      ...(query.consumer ? { consumer: query.consumer } : {}),
      ...(query.includeReplayed ? {} : { replayedAt: null }),
    };
    const [items, total] = await this.opts.orm.em.fork().findAndCount(DeadLetter, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit, offset });
    return { items, total, limit, offset };
  }

  /**
   * Run a dead-lettered event through the consumer's idempotent path (inbox check + handler) and
   * mark it replayed, all in one transaction: a failing handler leaves the row as it was. A row
   * replayed before keeps the time of its first replay (the inbox makes the second one a no-op).
   *
   * @throws DeadLetterNotFoundError for an unknown id
   * @throws PoisonMessageError when the stored message was never a valid event
   * @throws UnknownConsumerError when no handlers are registered for the row's consumer
   * @throws ReplayFailedError when the handler failed again (its error is the `cause`)
   */
  async replay(id: string): Promise<ReplayResult> {
    // a malformed id cannot exist, and would make Postgres reject the uuid comparison
    if (!UUID.test(id)) throw new DeadLetterNotFoundError(id);
    return this.opts.orm.em.fork().transactional(async (tx) => {
      // locked: two operators replaying the same letter at once apply it once, one after the other
      const row = await tx.findOne(DeadLetter, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw new DeadLetterNotFoundError(id);
      if (typeof row.event === 'string') throw new PoisonMessageError('dead letter holds an unparseable message', row.event);
      const handlers = this.opts.handlers[row.consumer];
      if (!handlers) throw new UnknownConsumerError(row.consumer);
      let applied: boolean;
      try {
        applied = await applyInTransaction(tx, row.consumer, row.event, handlers[row.event.type]);
      } catch (err) {
        throw new ReplayFailedError(id, err);
      }
      row.replayedAt ??= new Date();
      return { applied, deadLetter: row };
    });
  }
}
