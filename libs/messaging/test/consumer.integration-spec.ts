import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { CityGridCloudEvent, defineEvent } from '@citygrid/contracts';
import {
  buildCloudEvent,
  DeadLetter,
  DeadLetterNotFoundError,
  DeadLetters,
  encodeCloudEvent,
  EventHandlers,
  IdempotentConsumer,
  InboxMessage,
  PoisonMessageError,
  ReplayFailedError,
  UnknownConsumerError,
} from '../src';
import { Counter, publishRaw, setupEnv, subjects, teardownEnv, TestEnv, waitFor } from './support';

const good = defineEvent<{ key: string }>({ service: 'ticketing', aggregate: 'case', event: 'counted', version: 1, summary: 's', schema: {} });
const bad = defineEvent<{ key: string }>({ service: 'ticketing', aggregate: 'case', event: 'broken', version: 1, summary: 's', schema: {} });

/** Side effect of applying an event: +1 on the counter named by the event. */
async function bump(event: CityGridCloudEvent, em: EntityManager): Promise<void> {
  const { key } = event.data as { key: string };
  const counter = (await em.findOne(Counter, { name: key })) ?? em.create(Counter, new Counter(key));
  counter.value += 1;
}

describe('idempotent consumer and dead letters (real Postgres and JetStream)', () => {
  let env: TestEnv;
  const consumers: IdempotentConsumer[] = [];

  const counterValue = async (name: string): Promise<number> => (await env.orm.em.fork().findOne(Counter, { name }))?.value ?? 0;
  const publish = async (def: typeof good, key: string, msgID = randomUUID(), event?: CityGridCloudEvent): Promise<CityGridCloudEvent> => {
    const ev = event ?? buildCloudEvent(def, { subject: key, data: { key } });
    await publishRaw(env.nc, subjects.event(def.subject), encodeCloudEvent(ev), msgID);
    return ev;
  };
  const startConsumer = async (name: string, handlers: EventHandlers, extra: Partial<ConstructorParameters<typeof IdempotentConsumer>[0]> = {}): Promise<IdempotentConsumer> => {
    const c = new IdempotentConsumer({
      orm: env.orm,
      nc: env.nc,
      consumer: name,
      stream: env.stream,
      filterSubject: subjects.event('citygrid.ticketing.>'),
      handlers,
      nakDelayMs: 100,
      ...extra,
    });
    consumers.push(c);
    await c.start();
    return c;
  };

  beforeAll(async () => {
    env = await setupEnv();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await teardownEnv(env);
  });

  it('applies an event delivered twice only once', async () => {
    const key = `dup-${randomUUID()}`;
    const calls: string[] = [];
    await startConsumer('inbox-test', {
      [good.type]: async (event, em) => {
        calls.push(event.id);
        await bump(event, em);
      },
    });
    const event = await publish(good, key);
    // same event, new msg id: JetStream stores it twice, as after a dedupe window ran out
    await publish(good, key, randomUUID(), event);
    const sentinel = `sentinel-${randomUUID()}`;
    await publish(good, sentinel);
    await waitFor(async () => (await counterValue(sentinel)) === 1, 10_000, 'sentinel applied');

    expect(await counterValue(key)).toBe(1);
    expect(calls.filter((id) => id === event.id)).toHaveLength(1);
    expect(await env.orm.em.fork().count(InboxMessage, { consumer: 'inbox-test', eventId: event.id })).toBe(1);
  });

  it('dead-letters an event after maxDeliver failures while later events still apply, then replays it', async () => {
    let badCalls = 0;
    const consumer = 'dl-test';
    await startConsumer(
      consumer,
      {
        [good.type]: bump,
        [bad.type]: async () => {
          badCalls++;
          throw new Error('handler bug');
        },
      },
      { maxDeliver: 3 },
    );
    const badKey = `bad-${randomUUID()}`;
    const goodKey = `good-${randomUUID()}`;
    const badEvent = await publish(bad, badKey);
    for (let i = 0; i < 3; i++) await publish(good, goodKey);

    await waitFor(async () => (await env.orm.em.fork().count(DeadLetter, { eventId: badEvent.id })) === 1, 10_000, 'dead letter');
    await waitFor(async () => (await counterValue(goodKey)) === 3, 10_000, 'good events applied');
    expect(badCalls).toBe(3);
    expect(await counterValue(badKey)).toBe(0);
    // terminated, not redelivered any more: nothing of it left pending on the server
    await new Promise((r) => setTimeout(r, 400));
    expect(badCalls).toBe(3);
    await waitFor(async () => (await (await env.nc.jetstreamManager()).consumers.info(env.stream, consumer)).num_ack_pending === 0, 5000, 'nothing pending');

    const dlId = (await new DeadLetters({ orm: env.orm, handlers: {} }).list({ consumer })).items[0]!.id;
    // not fixed yet: the handler fails again, and the row stays as it was
    const unfixed = new DeadLetters({
      orm: env.orm,
      handlers: {
        [consumer]: {
          [bad.type]: async (event, em) => {
            await bump(event, em);
            await em.flush();
            throw new Error('still broken');
          },
        },
      },
    });
    const failure = await unfixed.replay(dlId).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ReplayFailedError);
    expect((failure as ReplayFailedError).cause).toEqual(new Error('still broken'));
    expect(await counterValue(badKey)).toBe(0);
    expect(await env.orm.em.fork().findOneOrFail(DeadLetter, { id: dlId })).toMatchObject({ replayedAt: null, error: 'handler bug', deliveries: 3 });
    expect(await env.orm.em.fork().count(InboxMessage, { consumer, eventId: badEvent.id })).toBe(0);
    await expect(new DeadLetters({ orm: env.orm, handlers: {} }).replay(dlId)).rejects.toBeInstanceOf(UnknownConsumerError);

    const fixed = new DeadLetters({ orm: env.orm, handlers: { [consumer]: { [good.type]: bump, [bad.type]: bump } } });
    const page = await fixed.list({ consumer, limit: 10 });
    expect(page.total).toBe(1);
    const dl = page.items[0];
    expect(dl).toMatchObject({ consumer, eventId: badEvent.id, type: bad.type, deliveries: 3, error: 'handler bug', replayedAt: null });
    expect(dl.subject).toBe(subjects.event(bad.subject));

    const first = await fixed.replay(dl.id);
    expect(first).toMatchObject({ applied: true, deadLetter: { id: dl.id } });
    expect(first.deadLetter.replayedAt).toBeInstanceOf(Date);
    expect(await counterValue(badKey)).toBe(1);
    expect((await fixed.list({ consumer })).total).toBe(0);
    const replayed = await env.orm.em.fork().findOneOrFail(DeadLetter, { id: dl.id });
    expect(replayed.replayedAt).toBeInstanceOf(Date);

    // a second replay goes through the inbox and changes nothing, not even the time of the first
    const second = await fixed.replay(dl.id);
    expect(second.applied).toBe(false);
    expect(second.deadLetter.replayedAt).toEqual(replayed.replayedAt);
    expect(await counterValue(badKey)).toBe(1);
    await expect(fixed.replay(randomUUID())).rejects.toBeInstanceOf(DeadLetterNotFoundError);
    await expect(fixed.replay('not-a-uuid')).rejects.toBeInstanceOf(DeadLetterNotFoundError);
  });

  it('dead-letters an unparseable message at once and acks unknown types', async () => {
    const consumer = 'poison-test';
    await startConsumer(consumer, { [good.type]: bump });
    await publishRaw(env.nc, subjects.event('citygrid.ticketing.case.garbage'), 'not json {', randomUUID());
    const unknown = await publish(defineEvent({ service: 'ticketing', aggregate: 'case', event: 'other', version: 1, summary: 's', schema: {} }), 'x');
    const sentinel = `s-${randomUUID()}`;
    await publish(good, sentinel);
    await waitFor(async () => (await counterValue(sentinel)) === 1, 10_000, 'sentinel');
    await waitFor(async () => (await (await env.nc.jetstreamManager()).consumers.info(env.stream, consumer)).num_ack_pending === 0, 5000, 'nothing pending');

    const page = await new DeadLetters({ orm: env.orm, handlers: {} }).list({ consumer });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ event: 'not json {', eventId: null, deliveries: 1 });
    await expect(new DeadLetters({ orm: env.orm, handlers: { [consumer]: { [good.type]: bump } } }).replay(page.items[0]!.id)).rejects.toBeInstanceOf(PoisonMessageError);
    expect(await env.orm.em.fork().count(InboxMessage, { consumer, eventId: unknown.id })).toBe(1);
  });

  it('rolls the handler writes back with the inbox row when the handler fails', async () => {
    const key = `partial-${randomUUID()}`;
    let calls = 0;
    await startConsumer('rollback-test', {
      [good.type]: async (event, em) => {
        calls++;
        await bump(event, em);
        await em.flush();
        if (calls === 1) throw new Error('fails after writing');
      },
    });
    await publish(good, key);
    await waitFor(async () => calls >= 2 && (await counterValue(key)) === 1, 10_000, 'retry applied');
    expect(await counterValue(key)).toBe(1);
  });

  it('applies the events that arrived together in one transaction each, once, and isolates a failing one', async () => {
    const consumer = 'batch-test';
    // an aggregate of its own, so that the other tests' events are not in this consumer's filter
    const good = defineEvent<{ key: string }>({ service: 'ticketing', aggregate: 'batch', event: 'counted', version: 1, summary: 's', schema: {} });
    const bad = defineEvent<{ key: string }>({ service: 'ticketing', aggregate: 'batch', event: 'broken', version: 1, summary: 's', schema: {} });
    const keys = [0, 1, 2].map((i) => `batch-${i}-${randomUUID()}`);
    const batches: number[] = [];
    const single: string[] = [];
    const badEvent = buildCloudEvent(bad, { subject: 'b', data: { key: `bad-${randomUUID()}` } });
    let first: CityGridCloudEvent | undefined;
    // published before the consumer starts: they are all waiting when it fetches
    for (let i = 0; i < 150; i++) {
      const ev = await publish(good, keys[i % 3]!);
      first ??= ev;
      if (i === 5) await publish(bad, badEvent.data.key, randomUUID(), badEvent);
    }
    // the first event again under a new msg id, as after the dedupe window: applied once
    await publish(good, keys[0]!, randomUUID(), first);
    await startConsumer(
      consumer,
      {
        [good.type]: async (event, em) => {
          single.push(event.id);
          await bump(event, em);
        },
        [bad.type]: async () => {
          throw new Error('handler bug');
        },
      },
      {
        filterSubject: subjects.event('citygrid.ticketing.batch.>'),
        maxDeliver: 2,
        batchSize: 25,
        applyBatch: async (events, em) => {
          if (events.some((e) => e.type === bad.type)) throw new Error('batch holds the bad event');
          batches.push(events.length);
          for (const event of events) {
            await bump(event, em);
            await em.flush();
          }
        },
      },
    );
    await waitFor(async () => (await env.orm.em.fork().count(DeadLetter, { consumer, eventId: badEvent.id })) === 1, 15_000, 'bad event dead-lettered');
    await waitFor(async () => (await Promise.all(keys.map(counterValue))).every((v) => v === 50), 15_000, 'every good event applied');
    await waitFor(async () => (await (await env.nc.jetstreamManager()).consumers.info(env.stream, consumer)).num_ack_pending === 0, 5000, 'nothing pending');

    expect(await Promise.all(keys.map(counterValue))).toEqual([50, 50, 50]);
    // batches of more than one event, no larger than asked
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(Math.max(...batches)).toBeLessThanOrEqual(25);
    // the batch holding the bad event was applied one event at a time: its good events once each
    expect(new Set(single).size).toBe(single.length);
    expect(batches.reduce((a, b) => a + b, 0) + single.length).toBe(150);
    expect(await env.orm.em.fork().count(InboxMessage, { consumer })).toBe(150);
  });
});
