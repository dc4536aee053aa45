import { MikroORM } from '@mikro-orm/postgresql';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, NatsConnection, nanos } from 'nats';
import { CityGridCloudEvent } from '@citygrid/contracts';
import { applyInTransaction, type BatchEventHandler, EventHandlers, recordInInbox } from './apply';
import { parseCloudEvent } from './cloudevent';
import { DeadLetter } from './entities';
import { PoisonMessageError } from './errors';
import { MessagingLogger, errorInfo, errorMessage, silentLogger } from './logger';
import { isJetStreamNotFound } from './stream';

/** Options of {@link IdempotentConsumer}. */
export interface IdempotentConsumerOptions {
  /** The consuming service's ORM; its default schema holds `inbox` and `dead_letter`. */
  orm: MikroORM;
  nc: NatsConnection;
  /** Durable consumer name, one per consuming service, e.g. `reporting`; also the inbox key. */
  consumer: string;
  /** Stream name, e.g. `subjects.stream` (see `Subjects`). */
  stream: string;
  /** Subject filter, prefix included, e.g. `subjects.event('citygrid.ticketing.>')`. */
  filterSubject: string;
  /** Handlers by event type; other types are acked and ignored. */
  handlers: EventHandlers;
  /**
   * Optional: apply the events that have arrived together, up to `batchSize`, in one transaction
   * (the types `handlers` names, new to the inbox, in stream order). A batch that fails is applied
   * again one event at a time through `handlers`, so that only the failing event is retried and
   * dead-lettered. Without it, every event is its own transaction.
   */
  applyBatch?: BatchEventHandler;
  /** Most events per batch with `applyBatch`. Default 500. */
  batchSize?: number;
  /**
   * Optional: told, after their transaction has committed, of the events just applied (not of
   * those skipped as applied before), e.g. to signal that a read model changed. It must not throw.
   */
  onApplied?: (events: readonly CityGridCloudEvent[]) => void;
  /** Deliveries (first one included) before an event is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** Redelivery delay after a failure; an array is a backoff by delivery (last value repeats). Default 1000. */
  nakDelayMs?: number | number[];
  /** Time the server waits for an ack before redelivering. Default 30000. */
  ackWaitMs?: number;
  logger?: MessagingLogger;
}

/**
 * A durable JetStream pull consumer that applies each event at most once per consumer name,
 * however often JetStream delivers it: the inbox row and the handler's writes share a transaction.
 *
 * Failing events are retried with a delay and, after `maxDeliver` deliveries, moved to the
 * `dead_letter` table and terminated, so one bad event does not stall the others. The server is
 * told `max_deliver: -1` because its own limit would drop the message without a trace.
 */
export class IdempotentConsumer {
  private readonly logger: MessagingLogger;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly batchSize: number;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** Delivered, not yet taken by the worker. */
  private queue: JsMsg[] = [];
  private fetchingEnded = false;
  private wakeWorker: (() => void) | null = null;
  private wakeFetcher: (() => void) | null = null;

  constructor(private readonly opts: IdempotentConsumerOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.maxDeliver = opts.maxDeliver ?? 5;
    this.ackWaitMs = opts.ackWaitMs ?? 30_000;
    this.batchSize = opts.applyBatch ? Math.max(1, opts.batchSize ?? 500) : 1;
  }

  /** Create or update the durable consumer and start processing in the background. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopping = false;
    await this.ensureConsumer();
    const consumer = await this.opts.nc.jetstream().consumers.get(this.opts.stream, this.opts.consumer);
    this.messages = await consumer.consume({ max_messages: Math.max(100, this.batchSize) });
    this.queue = [];
    this.fetchingEnded = false;
    this.loop = Promise.all([this.fetch(this.messages), this.work()]).then(() => undefined);
  }

  /** Stop fetching, and wait for the batch in flight; the ones delivered and not applied are handed back. */
  async stop(): Promise<void> {
    this.stopping = true;
    const messages = this.messages;
    this.messages = null;
    if (messages) await messages.close();
    await this.loop;
    this.loop = null;
  }

  private async ensureConsumer(): Promise<void> {
    const jsm = await this.opts.nc.jetstreamManager();
    const { stream, consumer } = this.opts;
    const updatable = { ack_wait: nanos(this.ackWaitMs), max_deliver: -1 };
    try {
      const info = await jsm.consumers.info(stream, consumer);
      if (info.config.filter_subject !== this.opts.filterSubject) {
        // NATS 2.9 cannot change a durable's filter; recreating it would replay or lose events
        this.logger.warn({ consumer, current: info.config.filter_subject, wanted: this.opts.filterSubject }, 'consumer filter differs; keeping the existing one');
      }
      await jsm.consumers.update(stream, consumer, updatable);
    } catch (err) {
      if (!isJetStreamNotFound(err)) throw err;
      await jsm.consumers.add(stream, {
        durable_name: consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: this.opts.filterSubject,
        ...updatable,
      });
    }
  }

  /** Moves delivered messages to the queue, holding back while a full batch waits there. */
  private async fetch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        this.queue.push(msg);
        this.wakeWorker?.();
        while (this.queue.length >= this.batchSize && !this.stopping) await new Promise<void>((resolve) => (this.wakeFetcher = resolve));
      }
    } catch (err) {
      this.logger.error(errorInfo(err), 'consumer loop ended with an error');
    } finally {
      this.fetchingEnded = true;
      this.wakeWorker?.();
    }
  }

  /** Takes what the queue holds (up to a batch) and applies it, until fetching has ended and the queue is empty. */
  private async work(): Promise<void> {
    for (;;) {
      if (!this.queue.length) {
        if (this.fetchingEnded) return;
        await new Promise<void>((resolve) => (this.wakeWorker = resolve));
        this.wakeWorker = null;
        continue;
      }
      const batch = this.queue.splice(0, this.batchSize);
      this.wakeFetcher?.();
      this.wakeFetcher = null;
      if (this.stopping) {
        // left in the buffer at stop: hand them back now rather than after ack_wait
        for (const msg of batch) msg.nak();
        continue;
      }
      try {
        if (batch.length > 1) await this.handleBatch(batch);
        else for (const msg of batch) await this.handle(msg);
      } catch (err) {
        // handle() settles every message itself; this is a bug, and the messages come back after ack_wait
        this.logger.error(errorInfo(err), 'consumer batch failed unexpectedly');
      }
    }
  }

  /**
   * A batch in one transaction through `applyBatch`; poison messages are dead-lettered first. If
   * the transaction fails, each event is applied on its own, so only the failing one is retried.
   */
  private async handleBatch(batch: readonly JsMsg[]): Promise<void> {
    const { applyBatch, handlers, consumer } = this.opts;
    const parsed: Array<{ msg: JsMsg; consumer: string; event: CityGridCloudEvent }> = [];
    for (const msg of batch) {
      try {
        parsed.push({ msg, consumer, event: parseCloudEvent(msg.data) });
      } catch (err) {
        const raw = err instanceof PoisonMessageError ? err.raw : Buffer.from(msg.data).toString('utf8');
        await this.deadLetter(msg, raw, err, msg.info.deliveryCount);
      }
    }
    if (!parsed.length || !applyBatch) return;
    let applied: CityGridCloudEvent[];
    try {
      applied = await this.opts.orm.em.fork().transactional(async (tx) => {
        const fresh = await recordInInbox(tx, parsed);
        const known = fresh.filter((e) => Object.hasOwn(handlers, e.event.type)).map((e) => e.event);
        if (known.length) await applyBatch(known, tx);
        return known;
      });
    } catch (err) {
      this.logger.warn({ ...errorInfo(err), consumer, events: parsed.length }, 'event batch failed; applying its events one at a time');
      for (const { msg } of parsed) await this.handle(msg);
      return;
    }
    if (applied.length) this.opts.onApplied?.(applied);
    await Promise.all(parsed.map(({ msg }) => this.ack(msg)));
  }

  private async handle(msg: JsMsg): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    let event: CityGridCloudEvent;
    try {
      event = parseCloudEvent(msg.data);
    } catch (err) {
      const raw = err instanceof PoisonMessageError ? err.raw : Buffer.from(msg.data).toString('utf8');
      await this.deadLetter(msg, raw, err, deliveries);
      return;
    }
    try {
      const handler = this.opts.handlers[event.type];
      const applied = await this.opts.orm.em.fork().transactional((tx) => applyInTransaction(tx, this.opts.consumer, event, handler));
      if (!applied) this.logger.info({ consumer: this.opts.consumer, eventId: event.id }, 'event already applied; skipped');
      else if (Object.hasOwn(this.opts.handlers, event.type)) this.opts.onApplied?.([event]);
    } catch (err) {
      if (deliveries >= this.maxDeliver) {
        await this.deadLetter(msg, event, err, deliveries);
      } else {
        this.logger.warn({ ...errorInfo(err), consumer: this.opts.consumer, eventId: event.id, deliveries }, 'event handler failed; will retry');
        msg.nak(this.nakDelay(deliveries));
      }
      return;
    }
    await this.ack(msg);
  }

  private async deadLetter(msg: JsMsg, event: CityGridCloudEvent | string, err: unknown, deliveries: number): Promise<void> {
    try {
      const em = this.opts.orm.em.fork();
      const row = new DeadLetter({ consumer: this.opts.consumer, subject: msg.subject, event, error: errorMessage(err), deliveries });
      await em.persistAndFlush(row);
      this.logger.error({ ...errorInfo(err), consumer: this.opts.consumer, deadLetterId: row.id, eventId: row.eventId, deliveries }, 'event dead-lettered');
      // a bare +TERM: NATS 2.9 knows no `+TERM <reason>` and would leave the message pending, to
      // be redelivered after ack_wait and dead-lettered again (the reason is in the row anyway)
      msg.term();
    } catch (dlErr) {
      // not recorded: keep the message on the stream rather than lose it
      this.logger.error(errorInfo(dlErr), 'dead-letter write failed; will retry');
      msg.nak(this.nakDelay(deliveries));
    }
  }

  private async ack(msg: JsMsg): Promise<void> {
    try {
      // double ack: the server confirms, so a lost ack is noticed here rather than as a redelivery
      await msg.ackAck();
    } catch (err) {
      // harmless: a redelivery will hit the inbox and be skipped
      this.logger.warn(errorInfo(err), 'ack not confirmed');
    }
  }

  private nakDelay(deliveries: number): number {
    const d = this.opts.nakDelayMs ?? 1000;
    if (typeof d === 'number') return d;
    return d[Math.min(deliveries, d.length) - 1] ?? 1000;
  }
}
