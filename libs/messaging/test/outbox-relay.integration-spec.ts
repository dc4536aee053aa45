import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER } from '@citygrid/contracts';
import { buildCloudEvent, OutboxMessage, OutboxRelay, OutboxWriter, parseCloudEvent } from '../src';
import { Client } from 'pg';

import { caseOpened, CaseState, countByMsgId, DATABASE_URL, readStream, setupEnv, subjects, teardownEnv, TestEnv, waitFor } from './support';

describe('outbox + relay (real Postgres and JetStream)', () => {
  let env: TestEnv;
  const writer = new OutboxWriter({ subjects });
  const relays: OutboxRelay[] = [];

  const relay = (opts: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay => {
    const r = new OutboxRelay({ orm: env.orm, nc: env.nc, schema: env.schema, pollIntervalMs: 100, ...opts });
    relays.push(r);
    return r;
  };

  /** Open a case and record its event in one transaction. */
  const openCase = async (title = 'pothole', correlationId?: string): Promise<string> => {
    const caseId = randomUUID();
    const event = await env.orm.em.fork().transactional(async (em) => {
      em.persist(new CaseState(caseId, 'open'));
      return writer.add(em, caseOpened, { subject: caseId, data: { caseId, title }, correlationId });
    });
    return event.id;
  };

  beforeAll(async () => {
    env = await setupEnv();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    // every test starts from an empty outbox so "drained" means this test's rows
    await env.orm.em.fork().nativeUpdate(OutboxMessage, { publishedAt: null }, { publishedAt: new Date() });
  });

  afterAll(async () => {
    await teardownEnv(env);
  });

  it('publishes a committed event once with Nats-Msg-Id = event id, and nothing for a rollback', async () => {
    const eventId = await openCase('pothole', 'req-123');

    const rolledBackCase = randomUUID();
    await expect(
      env.orm.em.fork().transactional(async (em) => {
        em.persist(new CaseState(rolledBackCase, 'open'));
        writer.add(em, caseOpened, { subject: rolledBackCase, data: { caseId: rolledBackCase, title: 'x' } });
        await em.flush();
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    const r = relay();
    expect(await r.drainOnce()).toBe(1);
    expect(await r.drainOnce()).toBe(0);

    const msgs = await readStream(env.nc, env.stream);
    const mine = msgs.filter((m) => m.header.get('Nats-Msg-Id') === eventId);
    expect(mine).toHaveLength(1);
    expect(mine[0].subject).toBe(subjects.event('citygrid.ticketing.case.opened'));
    expect(mine[0].subject.startsWith(`${process.env.NATS_SUBJECT_PREFIX}.citygrid.`)).toBe(true);
    expect(mine[0].header.get(CORRELATION_HEADER)).toBe('req-123');
    const event = parseCloudEvent(mine[0].data);
    expect(event).toMatchObject({ id: eventId, type: 'citygrid.case.opened.v1', correlationid: 'req-123', source: '/citygrid/ticketing' });

    // the rolled-back transaction left neither state nor event
    const em = env.orm.em.fork();
    expect(await em.count(CaseState, { id: rolledBackCase })).toBe(0);
    expect(msgs.some((m) => parseCloudEvent(m.data).subject === rolledBackCase)).toBe(false);
    const row = await em.findOneOrFail(OutboxMessage, { id: eventId });
    expect(row.publishedAt).toBeInstanceOf(Date);
  });

  it('is woken by a commit of its own process, without waiting for the poll', async () => {
    const r = relay({ pollIntervalMs: 60_000 });
    r.start();
    await waitFor(async () => r.isLeader, 5000, 'leadership');
    const started = Date.now();
    const eventId = await openCase();
    await waitFor(async () => (await countByMsgId(env.nc, env.stream, eventId)) === 1, 5000, 'publish after commit');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('finds rows committed by another process at its next poll', async () => {
    const r = relay({ pollIntervalMs: 100 });
    r.start();
    await waitFor(async () => r.isLeader, 5000, 'leadership');
    // a commit this process's ORM does not see: another replica's
    const caseId = randomUUID();
    const event = buildCloudEvent(caseOpened, { subject: caseId, data: { caseId, title: 'from elsewhere' } });
    const other = new Client({ connectionString: DATABASE_URL });
    await other.connect();
    await other.query(`insert into "${env.schema}"."outbox" ("id", "subject", "type", "event") values ($1, $2, $3, $4)`, [
      event.id,
      subjects.event(caseOpened.subject),
      event.type,
      JSON.stringify(event),
    ]);
    await other.end();
    await waitFor(async () => (await countByMsgId(env.nc, env.stream, event.id)) === 1, 3000, 'publish at the poll');
  });

  it('republishes after a crash between publish and mark, and the stream keeps one copy', async () => {
    const eventId = await openCase();
    const crashing = relay({
      hooks: {
        afterPublish: async () => {
          throw new Error('simulated crash before mark');
        },
      },
    });
    expect(await crashing.drainOnce()).toBe(0);
    const em = env.orm.em.fork();
    const row = await em.findOneOrFail(OutboxMessage, { id: eventId });
    expect(row.publishedAt).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('simulated crash');
    expect(await countByMsgId(env.nc, env.stream, eventId)).toBe(1);
    await crashing.stop();

    const next = relay();
    expect(await next.drainOnce()).toBe(1);
    em.clear();
    expect((await em.findOneOrFail(OutboxMessage, { id: eventId })).publishedAt).toBeInstanceOf(Date);
    expect(await countByMsgId(env.nc, env.stream, eventId)).toBe(1);
  });

  it('lets one of two relays publish, exactly once and in seq order, and fails over on stop', async () => {
    const a = relay();
    const b = relay();
    a.start();
    b.start();
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push(await openCase(`case ${i}`));
    const published = async (): Promise<boolean> => (await env.orm.em.fork().count(OutboxMessage, { id: ids, publishedAt: null })) === 0;
    await waitFor(published, 10_000, 'all published');
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);

    const order = (await readStream(env.nc, env.stream)).map((m) => m.header.get('Nats-Msg-Id')).filter((id) => ids.includes(id));
    expect(order).toEqual(ids);

    // the follower takes over once the leader's lock is released
    const [leader, follower] = a.isLeader ? [a, b] : [b, a];
    await leader.stop();
    const more = [await openCase('after failover'), await openCase('after failover 2')];
    await waitFor(async () => (await env.orm.em.fork().count(OutboxMessage, { id: more, publishedAt: null })) === 0, 10_000, 'failover publish');
    expect(follower.isLeader).toBe(true);
    for (const id of [...ids, ...more]) expect(await countByMsgId(env.nc, env.stream, id)).toBe(1);
  });

  it('keeps the row pending and records the error when the stream is unavailable, and holds back later events of that aggregate', async () => {
    const eventId = await openCase();
    const orphan = new OutboxWriter({ subjects });
    // a subject no stream captures: JetStream has no responder, like an outage
    const caseId = randomUUID();
    const lostId = await env.orm.em.fork().transactional(async (em) => {
      const ev = orphan.add(em, { ...caseOpened, subject: 'nowhere.case.opened' }, { subject: caseId, data: { caseId, title: 't' } });
      return ev.id;
    });
    // the same aggregate again, behind the failing event, then another aggregate
    const sameAggregate = await env.orm.em
      .fork()
      .transactional(async (em) => orphan.add(em, { ...caseOpened, subject: 'nowhere.case.opened' }, { subject: caseId, data: { caseId, title: 'again' } }).id);
    const later = await openCase('after the failing one');
    const r = relay();
    const published = await r.drainOnce();
    const em = env.orm.em.fork();
    const failed = await em.findOneOrFail(OutboxMessage, { id: lostId });
    expect(failed.publishedAt).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBeTruthy();
    // an aggregate's events keep their order: the event after the failing one waits, untried
    const waiting = await em.findOneOrFail(OutboxMessage, { id: sameAggregate });
    expect(waiting.publishedAt).toBeNull();
    expect(waiting.attempts).toBe(0);
    expect(await countByMsgId(env.nc, env.stream, eventId)).toBe(1);
    // the batch stops after the failing wave: the next wave (the repeat and what follows) waits
    expect(published).toBe(1);
    expect((await em.findOneOrFail(OutboxMessage, { id: later })).publishedAt).toBeNull();
    expect(await countByMsgId(env.nc, env.stream, later)).toBe(0);
  });

  it('publishes a backlog in seq order per aggregate, several events in flight, marking each batch at once', async () => {
    const cases: string[] = Array.from({ length: 20 }, () => randomUUID());
    // 20 cases, 5 events each, interleaved: 100 rows
    for (let round = 0; round < 5; round++) {
      await env.orm.em.fork().transactional(async (em) => {
        for (const caseId of cases) writer.add(em, caseOpened, { subject: caseId, data: { caseId, title: `step ${round}` } });
      });
    }
    const r = relay({ batchSize: 64 });
    expect(await r.drainOnce()).toBe(100);
    const msgs = (await readStream(env.nc, env.stream)).map((m) => parseCloudEvent<{ caseId: string; title: string }>(m.data)).filter((e) => cases.includes(e.data.caseId));
    expect(msgs).toHaveLength(100);
    for (const caseId of cases) expect(msgs.filter((e) => e.data.caseId === caseId).map((e) => e.data.title)).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4']);
  });
});
