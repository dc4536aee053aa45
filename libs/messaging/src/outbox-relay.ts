import { createHash } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { headers, JetStreamClient, NatsConnection } from 'nats';
import { Client } from 'pg';
import { CORRELATION_HEADER, type CityGridCloudEvent } from '@citygrid/contracts';
import { encodeCloudEvent } from './cloudevent';
import { MessagingLogger, errorInfo, errorMessage, silentLogger } from './logger';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  /** Insertion order (bigint, as a string). */
  seq: string;
  /** Event id; also the `Nats-Msg-Id`. */
  id: string;
  /** Full NATS subject (prefix included). */
  subject: string;
  event: CityGridCloudEvent;
  attempts: number;
}

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** The service's ORM; its default schema holds the outbox table. */
  orm: MikroORM;
  nc: NatsConnection;
  /** The service schema; names the advisory lock. */
  schema: string;
  /** Connection string for the lock connection; default the ORM's `clientUrl`. */
  databaseUrl?: string;
  logger?: MessagingLogger;
  /**
   * How often to look for rows without being woken: rows committed by other replicas of the
   * service (this process wakes the relay itself after each commit), and a non-leader retrying the
   * lock. Default 200.
   */
  pollIntervalMs?: number;
  /** Rows read, published together and marked together per batch. Default 256. */
  batchSize?: number;
  /** Test seams. */
  hooks?: {
    /** Runs after JetStream acked a publish and before the row is marked published. */
    afterPublish?(row: OutboxRow): Promise<void>;
  };
}

/**
 * Publishes committed outbox rows to JetStream, in `seq` order per aggregate, with `Nats-Msg-Id` = event id,
 * many in flight at once and each batch marked with one statement.
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
  private readonly table: string;
  private readonly js: JetStreamClient;
  private client: Client | null = null;
  private leader = false;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A notification arrived while a batch was running: do not sleep before the next one. */
  private woken = false;
  private subscribed = false;
  /** Serialises batches so the loop and `drainOnce` never publish concurrently. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: OutboxRelayOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.pollIntervalMs = opts.pollIntervalMs ?? 200;
    this.batchSize = opts.batchSize ?? 256;
    this.lockKey = advisoryLockKey(`${opts.schema}outbox`);
    this.table = `"${opts.schema.replace(/"/g, '""')}"."outbox"`;
    this.js = opts.nc.jetstream();
  }

  /** Whether this relay currently holds the publishing lock. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Start publishing in the background until {@link stop}; every commit of this process's ORM wakes it. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.subscribed) {
      // MikroORM keeps subscribers for the ORM's life; `poke` does nothing once stopped.
      this.opts.orm.em.getEventManager().registerSubscriber({ afterTransactionCommit: () => this.poke() });
      this.subscribed = true;
    }
    this.loop = this.run();
  }

  /** Rows may be waiting (a transaction just committed): run a batch now instead of at the next poll. */
  poke(): void {
    if (!this.running) return;
    this.woken = true;
    this.wake?.();
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
      await client.connect();
      this.client = client;
    }
    const res = await this.client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [this.lockKey]);
    if (res.rows[0]?.locked) {
      this.leader = true;
      this.logger.info({ schema: this.opts.schema }, 'outbox relay is leader');
    }
    return this.leader;
  }

  /**
   * One batch: read up to `batchSize` pending rows in `seq` order and publish them in waves. A
   * wave is the longest run of rows with no two of the same aggregate; its publishes go out at
   * once (the round trips overlap instead of adding up) and the rows JetStream acked are marked
   * with one statement. A failure ends the batch after its wave, so an event is never published
   * ahead of an earlier event of the same aggregate; events of other aggregates in the same wave
   * may go ahead of it (the stream, shared by every service's relay, never had one order across
   * aggregates anyway).
   */
  private async publishBatch(): Promise<{ published: number; more: boolean }> {
    // On the relay's own connection (the one holding the lock), with plain rows: no entity
    // manager, no hydration, and no connection taken from the pool that serves requests.
    const client = this.client;
    if (!client) return { published: 0, more: false };
    const { rows } = await client.query<OutboxRow>(`select "seq", "id", "subject", "event", "attempts" from ${this.table} where "published_at" is null order by "seq" limit $1`, [this.batchSize]);
    let published = 0;
    for (const wave of waves(rows)) {
      if (!this.leader) return { published, more: false };
      const outcomes = await Promise.all(wave.map(async (row) => ({ row, outcome: await this.publishOne(row) })));
      const acked: string[] = [];
      const failed: Array<{ row: OutboxRow; err: unknown }> = [];
      for (const { row, outcome } of outcomes) {
        if (!outcome.ok) failed.push({ row, err: outcome.err });
        else acked.push(row.seq);
      }
      if (acked.length > 0) await client.query(`update ${this.table} set "published_at" = now() where "seq" = any($1::bigint[])`, [acked]);
      published += acked.length;
      if (failed.length > 0) {
        for (const { row, err } of failed) {
          this.logger.warn({ ...errorInfo(err), eventId: row.id, attempts: row.attempts + 1 }, 'outbox publish failed');
          await client.query(`update ${this.table} set "attempts" = $2, "last_error" = $3 where "seq" = $1`, [row.seq, row.attempts + 1, errorMessage(err).slice(0, 2000)]);
        }
        return { published, more: false };
      }
    }
    return { published, more: rows.length === this.batchSize };
  }

  private async publishOne(row: OutboxRow): Promise<{ ok: true } | { ok: false; err: unknown }> {
    try {
      const h = headers();
      if (row.event.correlationid) h.set(CORRELATION_HEADER, row.event.correlationid);
      const ack = await this.js.publish(row.subject, encodeCloudEvent(row.event), { msgID: row.id, headers: h });
      if (ack.duplicate) this.logger.info({ eventId: row.id, seq: ack.seq }, 'outbox event was already on the stream');
      await this.opts.hooks?.afterPublish?.(row);
      return { ok: true };
    } catch (err) {
      return { ok: false, err };
    }
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

/**
 * Split rows (in `seq` order) into consecutive runs in which no aggregate appears twice: the
 * rows of one run may be published concurrently without reordering any aggregate's events.
 */
export function waves<R extends Pick<OutboxRow, 'id' | 'subject' | 'event'>>(rows: readonly R[]): R[][] {
  const out: R[][] = [];
  let current: R[] = [];
  let seen = new Set<string>();
  for (const row of rows) {
    const key = aggregateKey(row);
    if (seen.has(key)) {
      out.push(current);
      current = [];
      seen = new Set<string>();
    }
    seen.add(key);
    current.push(row);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The aggregate an outbox row is about: its subject without the event name, and the CloudEvent's subject (the aggregate id). */
function aggregateKey(row: Pick<OutboxRow, 'id' | 'subject' | 'event'>): string {
  return `${row.subject.slice(0, row.subject.lastIndexOf('.'))} ${row.event.subject ?? row.id}`;
}

/** Stable signed 64-bit advisory lock key for a name. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
