import { createHash } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { headers, JetStreamClient, NatsConnection } from 'nats';
import { Client } from 'pg';
import { CORRELATION_HEADER } from '@citygrid/contracts';
import { encodeCloudEvent } from './cloudevent';
import { OutboxMessage } from './entities';
import { MessagingLogger, errorInfo, errorMessage, silentLogger } from './logger';
import { outboxChannel } from './migration';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** The service's ORM; its default schema holds the outbox table. */
  orm: MikroORM;
  nc: NatsConnection;
  /** The service schema; names the advisory lock and the NOTIFY channel. */
  schema: string;
  /** Connection string for the lock/LISTEN connection; default the ORM's `clientUrl`. */
  databaseUrl?: string;
  logger?: MessagingLogger;
  /** Poll even without notifications (missed NOTIFY, non-leader retrying the lock). Default 1000. */
  pollIntervalMs?: number;
  /** Rows read per query. Default 100. */
  batchSize?: number;
  /** Test seams. */
  hooks?: {
    /** Runs after JetStream acked a publish and before the row is marked published. */
    afterPublish?(row: OutboxMessage): Promise<void>;
  };
}

/**
 * Publishes committed outbox rows to JetStream, in `seq` order, with `Nats-Msg-Id` = event id.
 *
 * Delivery is at-least-once: a crash between publish and mark republishes the row, and
 * JetStream drops the copy within its duplicate window. Only one replica publishes at a time
 * (a session advisory lock), so order is kept across replicas; the others retry each poll and
 * take over when the leader's session ends.
 */
export class OutboxRelay {
  private readonly logger: MessagingLogger;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly lockKey: string;
  private readonly js: JetStreamClient;
  private client: Client | null = null;
  private leader = false;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A notification arrived while a batch was running: do not sleep before the next one. */
  private woken = false;
  /** Serialises batches so the loop and `drainOnce` never publish concurrently. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: OutboxRelayOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.batchSize = opts.batchSize ?? 100;
    this.lockKey = advisoryLockKey(`${opts.schema}outbox`);
    this.js = opts.nc.jetstream();
  }

  /** Whether this relay currently holds the publishing lock. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Start publishing in the background until {@link stop}. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stop: waits for the batch in flight, then releases the lock and its connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.serial(async () => this.disconnect());
  }

  /**
   * Publish everything pending now, if this relay is (or becomes) the leader.
   * @returns the number of rows published; 0 when not the leader
   */
  drainOnce(): Promise<number> {
    return this.serial(async () => {
      let total = 0;
      for (;;) {
        if (!(await this.ensureLeadership())) return total;
        const { published, more } = await this.publishBatch();
        total += published;
        if (!more) return total;
      }
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.drainOnce();
      } catch (err) {
        this.logger.error(errorInfo(err), 'outbox relay tick failed');
      }
      if (!this.running) break;
      if (this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollIntervalMs);
        const wakeThis = (): void => done();
        this.wake = wakeThis;
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
      });
      this.wake = null;
      this.woken = false;
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Try to become (or confirm being) the leader; the lock lives as long as the session. */
  private async ensureLeadership(): Promise<boolean> {
    if (this.leader && this.client) return true;
    if (!this.client) {
      const client = new Client({ connectionString: this.opts.databaseUrl ?? this.opts.orm.config.getClientUrl() });
      // a dead session has lost its lock: step down, reconnect on the next tick
      client.on('error', (err) => {
        this.logger.warn(errorInfo(err), 'outbox relay lock connection lost');
        this.leader = false;
        if (this.client === client) this.client = null;
        client.end().catch(() => undefined);
      });
      client.on('notification', () => {
        this.woken = true;
        this.wake?.();
      });
      await client.connect();
      this.client = client;
    }
    const res = await this.client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [this.lockKey]);
    if (res.rows[0]?.locked) {
      this.leader = true;
      await this.client.query(`listen "${outboxChannel(this.opts.schema).replace(/"/g, '""')}"`);
      this.logger.info({ schema: this.opts.schema }, 'outbox relay is leader');
    }
    return this.leader;
  }

  private async publishBatch(): Promise<{ published: number; more: boolean }> {
    // a fresh fork per batch: the identity map must not outlive a tick
    const em = this.opts.orm.em.fork();
    const rows = await em.find(OutboxMessage, { publishedAt: null }, { orderBy: { seq: 'asc' }, limit: this.batchSize });
    let published = 0;
    for (const row of rows) {
      if (!this.leader) return { published, more: false };
      try {
        const h = headers();
        if (row.event.correlationid) h.set(CORRELATION_HEADER, row.event.correlationid);
        const ack = await this.js.publish(row.subject, encodeCloudEvent(row.event), { msgID: row.id, headers: h });
        if (ack.duplicate) this.logger.info({ eventId: row.id, seq: ack.seq }, 'outbox event was already on the stream');
        await this.opts.hooks?.afterPublish?.(row);
      } catch (err) {
        // stop here so that later events never overtake this one; retried next tick
        this.logger.warn({ ...errorInfo(err), eventId: row.id, attempts: row.attempts + 1 }, 'outbox publish failed');
        await em.nativeUpdate(OutboxMessage, { seq: row.seq }, { attempts: row.attempts + 1, lastError: errorMessage(err) });
        return { published, more: false };
      }
      await em.nativeUpdate(OutboxMessage, { seq: row.seq }, { publishedAt: new Date() });
      published++;
    }
    return { published, more: rows.length === this.batchSize };
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.leader = false;
    if (!client) return;
    try {
      // ending the session releases the advisory lock; unlocking first makes it immediate
      await client.query('select pg_advisory_unlock_all()');
    } catch (err) {
      this.logger.warn(errorInfo(err), 'outbox relay unlock failed');
    }
    await client.end();
  }
}

/** Stable signed 64-bit advisory lock key for a name. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
