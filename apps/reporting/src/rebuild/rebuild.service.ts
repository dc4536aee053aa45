import { randomUUID } from 'node:crypto';

import { assertAllowed, isSystemAdmin } from '@citygrid/auth';
import { type CityGridCloudEvent } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { type ReadModelRebuiltV1, RebuildStatus, type RebuildView, ReportingEvents } from '@citygrid/contracts/reporting';
import { advisoryLockKey, DeadLetter, type EventHandlers, InboxMessage, isJetStreamNotFound, parseCloudEvent, recordInInbox, Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { createLogger, currentContext, metricsRegistry, runInContext, SERVICE_NATS, type ServiceConsumer } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';
import { Client } from 'pg';
import { Gauge } from 'prom-client';

import { AssessmentFactsService } from '../assessment/assessment-facts.service';
import { ASSESSMENT_FACT_TABLES } from '../assessment/facts.repository';
import { LivelihoodFactsService } from '../livelihood/livelihood-facts.service';
import { LIVELIHOOD_TABLES } from '../livelihood/livelihood.repository';
import { ProgrammeFactsService } from '../programmes/programme-facts.service';
import { PROGRAMME_TABLES } from '../programmes/programme.repository';
import { REPORTING_ENV, type ReportingEnv } from '../config';
import { KpiChangeSignal } from '../read-models/kpi-change-signal';
import { RollupDelta } from '../read-models/projection';
import { ReadModelProjector } from '../read-models/projector.service';
import { READ_MODEL_TABLES } from '../read-models/read-model.repository';
import { RollupCopyWriter } from '../read-models/rollup-copy-writer';
import { ReadModelsService } from '../read-models/read-models.service';
import { ReportingException } from '../shared/reporting.exception';
import { RebuildRun } from './rebuild-run.entity';

/**
 * Rollup rows (and close-hour buckets) a rebuild gathers before writing them. They add up, so
 * writing them later changes nothing but when: a rebuild that stops before it completes is
 * shown failed and leaves partial figures either way, which the next rebuild empties.
 */
const ROLLUP_ROWS_HELD = 200_000;

/** The durable consumer a rebuild reads the stream with (deleted when it ends). */
export const REBUILD_CONSUMER = 'reporting-rebuild';

/** Events replayed by the running rebuild, for `/metrics` (0 when none runs). */
export const rebuildEventsReplayed = new Gauge({
  name: 'citygrid_reporting_rebuild_events_replayed',
  help: 'Events replayed so far by the running rebuild of the read models',
  registers: [metricsRegistry],
});

/** True when NATS subject `subject` matches `filter` (`*` one token, `>` the rest). */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

/** The consumers a rebuild replays for, and how their events are applied. */
interface ReplayedConsumers {
  all: ServiceConsumer[];
  /** Applied through the projector. */
  readModels: ReadonlySet<string>;
  /** Assessment's facts: their handlers by consumer. */
  factHandlers: ReadonlyMap<string, EventHandlers>;
}

/** What a rebuild is asked by: the caller's id and kind, for the run and its event. */
type Requester = ReadModelRebuiltV1['actor'];

/**
 * Rebuilds every read model from the event stream (the KPI read models and assessment's facts:
 * flags, inspections, staff assignments): empties them (and the inbox rows of reporting's
 * consumers) in one transaction, then reads the stream from its first event up to the last one
 * there at the start, applying events in batches (`REBUILD_BATCH` per transaction) through the
 * same projector as the live consumers, and finally records `citygrid.read-model.rebuilt.v1`.
 * Case facts, nodes and the inbox are written with each batch; the rollup changes are gathered
 * over many batches and written together (they add up, and the same rows recur) through `COPY`
 * on a connection of the rebuild's own, while the next batches are applied: that is what makes a
 * replay several times faster than the live path.
 *
 * The live consumers keep running meanwhile. That is safe because the read models are
 * order-independent and every event is applied once per consumer (the inbox): an event a
 * consumer applies during the rebuild is skipped by the replay, and one it applied before was
 * emptied and is replayed. While it runs, the figures are partial (answers say `rebuilding`).
 * One rebuild at a time, across replicas and the command line (a session advisory lock).
 */
@Injectable()
export class RebuildService implements BeforeApplicationShutdown {
  private readonly logger;
  private readonly lockKey: string;
  private running?: Promise<void>;
  private stopping = false;
  private replayedConsumers?: ReplayedConsumers;
  /** The consumers each subject goes to (there are a few dozen subjects). */
  private readonly takers = new Map<string, ServiceConsumer[]>();
  private readonly rollupWriter: RollupCopyWriter;

  constructor(
    private readonly orm: MikroORM,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly projector: ReadModelProjector,
    private readonly readModels: ReadModelsService,
    private readonly assessmentFacts: AssessmentFactsService,
    private readonly livelihoodFacts: LivelihoodFactsService,
    private readonly programmeFacts: ProgrammeFactsService,
    private readonly events: EventRecorder,
    private readonly signal: KpiChangeSignal,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {
    this.logger = createLogger('reporting-rebuild', env.LOG_LEVEL);
    this.lockKey = advisoryLockKey(`${env.DATABASE_SCHEMA}rebuild`);
    this.rollupWriter = new RollupCopyWriter(`"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`);
  }

  /**
   * The consumers a rebuild replays for, built once: all of them, the read models' names (applied
   * through the projector) and the assessment facts' handlers by consumer.
   */
  private get replayed(): ReplayedConsumers {
    if (!this.replayedConsumers) {
      const readModels = this.readModels.consumers();
      // facts applied event by event through their own handlers: assessment's, the livelihood and the programme figures'
      const facts = [...this.assessmentFacts.consumers(), ...this.livelihoodFacts.consumers(), ...this.programmeFacts.consumers()];
      this.replayedConsumers = {
        all: [...readModels, ...facts],
        readModels: new Set(readModels.map((c) => c.consumer)),
        factHandlers: new Map(facts.map((c) => [c.consumer, c.handlers])),
      };
    }
    return this.replayedConsumers;
  }

  /** Start a rebuild in the background (system administrator); 409 while one runs. */
  async start(caller: Caller): Promise<RebuildView> {
    assertSystemAdmin(caller);
    const { run, done } = await this.begin({ id: caller.id, kind: caller.kind, roles: [...caller.roles] });
    this.running = done.finally(() => (this.running = undefined));
    return toView(run);
  }

  /** Run a whole rebuild and wait for it (the command line, `npm run reporting:rebuild`). */
  async rebuildNow(requester: Requester = { id: 'system', kind: 'system', roles: [] }): Promise<RebuildView> {
    const { run, done } = await this.begin(requester);
    await done;
    return toView(await this.orm.em.fork().findOneOrFail(RebuildRun, { id: run.id }));
  }

  /** The latest rebuild (system administrator); 404 when there was none. A run whose process went away is shown failed. */
  async latest(caller: Caller): Promise<RebuildView> {
    assertSystemAdmin(caller);
    const em = this.orm.em.fork();
    const [run] = await em.find(RebuildRun, {}, { orderBy: { startedAt: 'desc', id: 'asc' }, limit: 1 });
    if (!run) throw ReportingException.none('No rebuild of the read models has run yet.');
    if (run.status === RebuildStatus.Running && !this.running && (await this.lockIsFree())) {
      Object.assign(run, { status: RebuildStatus.Failed, finishedAt: new Date(), error: 'its process stopped before it completed; start another' });
      await em.flush();
    }
    return toView(run);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Take the lock, record the run and empty the read models; the replay goes on in `done`. */
  private async begin(requester: Requester): Promise<{ run: RebuildRun; done: Promise<void> }> {
    const lock = new Client({ connectionString: this.env.DATABASE_URL });
    await lock.connect();
    const locked = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [this.lockKey]);
    if (!locked.rows[0]?.locked) {
      await lock.end();
      const current = await this.orm.em.fork().findOne(RebuildRun, { status: RebuildStatus.Running }, { orderBy: { startedAt: 'desc' } });
      throw ReportingException.conflict(`A rebuild is running${current ? ` since ${current.startedAt.toISOString()} (${current.id})` : ''}; wait for it to complete.`);
    }
    try {
      const jsm = await this.nc.jetstreamManager();
      const lastSeq = (await jsm.streams.info(this.subjects.stream)).state.last_seq;
      // the read models and the assessment facts: everything reporting derives from the events
      const consumers = this.replayed.all;
      const run = Object.assign(new RebuildRun(), {
        id: randomUUID(),
        status: RebuildStatus.Running,
        requestedBy: requester.id,
        startedAt: new Date(),
        finishedAt: null,
        eventsReplayed: 0,
        error: null,
      });
      await this.orm.em.fork().transactional(async (tx) => {
        // abandoned runs (their process went away while holding the lock, now free) end here
        await tx.nativeUpdate(RebuildRun, { status: RebuildStatus.Running }, { status: RebuildStatus.Failed, finishedAt: new Date(), error: 'superseded by a newer rebuild' });
        tx.persist(run);
        const s = `"${this.env.DATABASE_SCHEMA}"`;
        await tx.execute(`truncate ${[...READ_MODEL_TABLES, ...ASSESSMENT_FACT_TABLES, ...LIVELIHOOD_TABLES, ...PROGRAMME_TABLES].map((t) => `${s}."${t}"`).join(', ')}`);
        await tx.nativeDelete(InboxMessage, { consumer: { $in: consumers.map((c) => c.consumer) } });
      });
      this.logger.info({ rebuildId: run.id, upToSequence: lastSeq }, 'rebuild started: read models emptied');
      // the background work keeps the request's correlation id and caller (for the audit), not its deadline
      const context = currentContext();
      const done = runInContext({ correlationId: context?.correlationId, caller: context?.caller }, () => this.replay(run, requester, consumers, lastSeq)).finally(async () => {
        rebuildEventsReplayed.set(0);
        await lock.query('select pg_advisory_unlock_all()').catch(() => undefined);
        await lock.end().catch(() => undefined);
      });
      return { run, done };
    } catch (err) {
      await lock.end().catch(() => undefined);
      throw err;
    }
  }

  private async replay(run: RebuildRun, requester: Requester, consumers: readonly ServiceConsumer[], lastSeq: number): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const stream = this.subjects.stream;
    let copier: Client | undefined;
    try {
      await jsm.consumers.delete(stream, REBUILD_CONSUMER).catch((err: unknown) => {
        if (!isJetStreamNotFound(err)) throw err;
      });
      let replayed = 0;
      if (lastSeq > 0) {
        await jsm.consumers.add(stream, {
          durable_name: REBUILD_CONSUMER,
          ack_policy: AckPolicy.None,
          deliver_policy: DeliverPolicy.All,
          filter_subject: this.subjects.event('citygrid.>'),
          // a rebuild whose process died leaves no consumer behind for long
          inactive_threshold: nanos(300_000),
        });
        const reader = await this.nc.jetstream().consumers.get(stream, REBUILD_CONSUMER);
        let asked = 0;
        const fetchBatch = async (): Promise<JsMsg[]> => {
          const batch: JsMsg[] = [];
          // no more than the sequences left up to lastSeq: a pull for more would wait its whole expiry at the end
          const max = Math.max(1, Math.min(this.env.REBUILD_BATCH, lastSeq - asked));
          asked += max;
          const messages = await reader.fetch({ max_messages: max, expires: 2000 });
          for await (const m of messages) if (m.seq <= lastSeq) batch.push(m);
          return batch;
        };
        // the rollup changes of many batches, written together (the same rows recur from batch to
        // batch) on a connection of their own while the next batches are applied
        const rollups = new RollupDelta();
        copier = new Client({ connectionString: this.env.DATABASE_URL });
        await copier.connect();
        const writer = copier;
        let writing: Promise<void> = Promise.resolve();
        const writeHeld = async (): Promise<void> => {
          await writing;
          const held = new RollupDelta();
          held.absorb(rollups);
          writing = this.rollupWriter.write(writer, held);
          // awaited before the next write and at the end; a failure is seen then
          writing.catch(() => undefined);
        };
        // the next batch is fetched while this one is applied
        let next = fetchBatch();
        let seq = 0;
        while (seq < lastSeq) {
          if (this.stopping) throw new Error('the service stopped before the rebuild completed');
          const batch = await next;
          const last = batch.at(-1);
          if (!last) break;
          seq = last.seq;
          next = seq < lastSeq ? fetchBatch() : Promise.resolve([]);
          // awaited on the next turn; a failure there is seen then, not as an unhandled rejection now
          next.catch(() => undefined);
          await this.applyBatch(run, consumers, batch, rollups);
          if (rollups.size >= ROLLUP_ROWS_HELD) await writeHeld();
          replayed += batch.length;
          rebuildEventsReplayed.set(replayed);
          await this.orm.em.fork().nativeUpdate(RebuildRun, { id: run.id }, { eventsReplayed: replayed });
        }
        await writeHeld();
        await writing;
      }
      await this.orm.em.fork().transactional(async (tx) => {
        const finishedAt = new Date();
        await tx.nativeUpdate(RebuildRun, { id: run.id }, { status: RebuildStatus.Completed, finishedAt, eventsReplayed: replayed });
        this.events.record(tx, ReportingEvents.readModelRebuilt, run.id, {
          id: run.id,
          startedAt: run.startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          eventsReplayed: replayed,
          actor: requester,
        });
      });
      this.logger.info({ rebuildId: run.id, replayed }, 'rebuild completed');
      this.signal.everything();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error({ err, rebuildId: run.id }, 'rebuild failed');
      await this.orm.em.fork().nativeUpdate(RebuildRun, { id: run.id }, { status: RebuildStatus.Failed, finishedAt: new Date(), error: message.slice(0, 2000) });
    } finally {
      await copier?.end().catch(() => undefined);
      await jsm.consumers.delete(stream, REBUILD_CONSUMER).catch(() => undefined);
    }
  }

  /**
   * Apply one batch in one transaction: the inbox rows of every event (under the consumer whose
   * filter its subject matches), and the new ones through the projector. A batch that fails is
   * applied again one event at a time; an event that fails alone is dead-lettered (unless it is
   * waiting there already) and the rebuild goes on.
   */
  private async applyBatch(run: RebuildRun, consumers: readonly ServiceConsumer[], batch: readonly JsMsg[], rollups: RollupDelta): Promise<void> {
    const items = batch.flatMap((msg) => {
      // every consumer whose filter takes it (`reporting` takes ticketing's supervision events too, and skips them)
      let takers = this.takers.get(msg.subject);
      if (!takers) {
        takers = consumers.filter((c) => subjectMatches(c.filterSubject, msg.subject));
        this.takers.set(msg.subject, takers);
      }
      if (!takers.length) return [];
      let event: CityGridCloudEvent;
      try {
        event = parseCloudEvent(msg.data);
      } catch {
        // no event at all: the live consumer dead-lettered it as poison when it came
        return [];
      }
      // the same event twice on the stream (published again after the duplicate window) is applied once: recordInInbox
      return takers.map((c) => ({ msg, consumer: c.consumer, event }));
    });
    // a batch's rollup changes join the others once its transaction has committed
    const apply = async (some: typeof items): Promise<void> => {
      const delta = new RollupDelta();
      await this.orm.em.fork().transactional((tx) => this.applyItems(tx, some, delta));
      rollups.absorb(delta);
    };
    try {
      await apply(items);
    } catch (batchErr) {
      this.logger.warn({ err: batchErr, rebuildId: run.id }, 'a rebuild batch failed; applying its events one at a time');
      for (const item of items) {
        try {
          await apply([item]);
        } catch (err) {
          await this.deadLetter(item, err);
        }
      }
    }
  }

  /** The new events of `items`: the read models' through the projector (one batch), the assessment facts' through their consumers' handlers. */
  private async applyItems(tx: EntityManager, items: ReadonlyArray<{ consumer: string; event: CityGridCloudEvent }>, rollups: RollupDelta): Promise<void> {
    const fresh = await recordInInbox(tx, items);
    const { readModels, factHandlers } = this.replayed;
    await this.projector.apply(
      fresh.filter((i) => readModels.has(i.consumer) && this.projector.handles(i.event.type)).map((i) => i.event),
      tx,
      rollups,
    );
    for (const item of fresh) {
      const handler = factHandlers.get(item.consumer)?.[item.event.type];
      if (handler) await handler(item.event, tx);
    }
  }

  private async deadLetter(item: { msg: JsMsg; consumer: string; event: CityGridCloudEvent }, err: unknown): Promise<void> {
    const em = this.orm.em.fork();
    const waiting = await em.count(DeadLetter, { consumer: item.consumer, eventId: item.event.id, replayedAt: null });
    const message = err instanceof Error ? err.message : String(err);
    this.logger.error({ err, consumer: item.consumer, eventId: item.event.id }, 'rebuild could not apply an event; dead-lettered');
    if (waiting) return;
    await em.persistAndFlush(new DeadLetter({ consumer: item.consumer, subject: item.msg.subject, event: item.event, error: message, deliveries: 1 }));
  }

  private async lockIsFree(): Promise<boolean> {
    const probe = new Client({ connectionString: this.env.DATABASE_URL });
    await probe.connect();
    try {
      const res = await probe.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [this.lockKey]);
      if (res.rows[0]?.locked) await probe.query('select pg_advisory_unlock($1::bigint)', [this.lockKey]);
      return res.rows[0]?.locked === true;
    } finally {
      await probe.end();
    }
  }
}

function assertSystemAdmin(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && isSystemAdmin(caller), 'Only the system administrator rebuilds the read models.');
}

function toView(run: RebuildRun): RebuildView {
  return {
    id: run.id,
    status: run.status,
    requestedBy: run.requestedBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    eventsReplayed: Number(run.eventsReplayed),
    error: run.error,
  };
}
