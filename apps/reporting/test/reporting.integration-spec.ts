import { randomUUID } from 'node:crypto';

import { type CityGridCloudEvent, findEventByType } from '@citygrid/contracts';
import { ApiScope, Role, type Caller } from '@citygrid/contracts/identity';
import type { KpiReportView, RebuildView } from '@citygrid/contracts/reporting';
import { encodeCloudEvent, Subjects } from '@citygrid/messaging';
import {
  connectTestNats,
  deleteStream,
  dropSchema,
  ensureTestDatabase,
  eventually,
  readSubject,
  sql,
  startService,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
  TestTokens,
  type RunningService,
} from '@citygrid/testing';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';

import { CaseStory, COMMUNITY_1, COMMUNITY_2, GRID_1_1, GRID_2_1, patrolLogged, SUBDISTRICT, treeEvents } from './case-story';

type Reply<T> = { response?: T; err?: { code?: string; status?: number; errors?: Array<{ field: string; reason: string }>; detail?: string } };

/**
 * reporting as its own process, on this file's schema, stream and subjects: events published to
 * JetStream as the services' relays publish them, the figures read over NATS as the gateway reads
 * them, then rebuilt from the stream.
 */
describe('reporting builds its figures from the stream and rebuilds them (real Postgres and JetStream)', () => {
  const ns = testNamespace();
  const schema = `reporting_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const subjects = new Subjects({ prefix: ns, stream });
  const codec = JSONCodec<unknown>();
  let reporting: RunningService;
  let nc: NatsConnection;
  let tokens: TestTokens;
  let admin: string;
  const stories: CaseStory[] = [];

  async function rpc<T>(pattern: string, payload: unknown, token: string): Promise<Reply<T>> {
    const h = natsHeaders();
    h.set('authorization', `Bearer ${token}`);
    const subject = `${ns}.${pattern}`;
    const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 10000, headers: h });
    return codec.decode(msg.data) as Reply<T>;
  }

  async function ok<T>(pattern: string, payload: unknown, token = admin): Promise<T> {
    const { response, err } = await rpc<T>(pattern, payload, token);
    if (err || response === undefined) throw new Error(`${pattern}: ${JSON.stringify(err)}`);
    return response;
  }

  const kpis = (q: Record<string, unknown>, token = admin): Promise<KpiReportView> => ok<KpiReportView>('reporting.kpi.query', q, token);
  const as = (caller: Partial<Caller>): Promise<string> => tokens.sign(caller);

  /** As a relay publishes: the event id is the `Nats-Msg-Id`, unless a test wants it delivered again. */
  async function publish(event: CityGridCloudEvent, msgID = event.id): Promise<void> {
    const def = findEventByType(event.type);
    if (!def) throw new Error(`unknown type ${event.type}`);
    await nc.jetstream().publish(subjects.event(def.subject), encodeCloudEvent(event), { msgID });
  }

  const applied = async (eventId: string): Promise<boolean> => (await sql(`select 1 from "${schema}"."inbox" where event_id = $1`, [eventId])).length === 1;
  const march = '2013-03-01';

  beforeAll(async () => {
    await ensureTestDatabase();
    tokens = await TestTokens.create();
    admin = await as({ roles: [Role.SystemAdmin], nodeScope: null });
    reporting = await startService('reporting', {
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      AUTH_JWKS: tokens.jwksJson,
      CONSUMER_MAX_DELIVER: '2',
      CONSUMER_BACKOFF_MS: '100',
      REBUILD_BATCH: '7',
    });
    nc = await connectTestNats();
    for (const e of treeEvents()) await publish(e);
    const grids = [GRID_1_1, GRID_2_1];
    for (let i = 0; i < 10; i++) {
      const s = new CaseStory(grids[i % 2]!, i % 3 === 0 ? 'SJ0101' : 'CM05', `2013-03-0${1 + (i % 5)}T02:00:00.000Z`).file().dispatch(24).accept().after(3).handle();
      if (i % 4 !== 3) s.after(1).close();
      if (i === 5) s.after(24).reopen();
      stories.push(s);
    }
    // as the stream has them: each case's events in order, the cases interleaved
    const events = stories.flatMap((s) => s.events).sort((a, b) => (a.time < b.time ? -1 : 1));
    for (const e of events) await publish(e);
    // two of them again, under other message ids: delivered twice, applied once
    await publish(events[3]!, randomUUID());
    await publish(events[7]!, randomUUID());
    const patrol = patrolLogged(GRID_1_1, march);
    await publish(patrol);
    // every event, the patrol's too (published last, it may be applied last)
    await eventually(async () => (await Promise.all([...events, patrol].map((e) => applied(e.id)))).every(Boolean), 30000);
  }, 120000);

  afterAll(async () => {
    if (process.env['DUMP']) require('node:fs').writeFileSync(process.env['DUMP'], reporting?.output() ?? '');
    await reporting?.stop();
    await deleteStream(nc, stream);
    await nc?.drain();
    await dropSchema(schema);
  }, 60000);

  const period = { from: '2013-03-01', to: '2013-03-31' };

  it('counts every case once, however often it was delivered', async () => {
    const r = await kpis({ node: SUBDISTRICT, ...period });
    const closed = stories.filter((s) => s.events.at(-1)!.type === 'citygrid.case.closed.v1').length;
    expect(r.figures).toMatchObject({ found: 10, filed: 10, dispatched: 10, handled: 10, closed, reopened: 1, open: 10 - closed, patrols: 1 });
    expect(r.figures.closureRate).toEqual({ numerator: closed, denominator: 10, percent: `${closed * 10}.00` });
    expect(r.rebuilding).toBe(false);
    expect(await sql(`select count(*)::int as n from "${schema}"."inbox" where consumer = 'reporting-grid'`)).toEqual([{ n: treeEvents().length }]);
  });

  it('shows a caller its own subtree only: 404 beside it, 403 for a department officer, API clients with cases:read in their scope', async () => {
    const operator2 = await as({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY_2 });
    expect((await kpis({ node: COMMUNITY_2, ...period }, operator2)).figures.found).toBe(5);
    for (const node of [COMMUNITY_1, SUBDISTRICT, GRID_1_1]) {
      expect((await rpc('reporting.kpi.query', { node, ...period }, operator2)).err).toMatchObject({ code: 'not-found', detail: `Node ${node} does not exist.` });
    }
    // a node nobody mentioned answers the same
    expect((await rpc('reporting.kpi.query', { node: '410102005099', ...period }, admin)).err).toMatchObject({ code: 'not-found', detail: 'Node 410102005099 does not exist.' });
    const officer = await as({ roles: [Role.DepartmentOfficer], nodeScope: SUBDISTRICT, departmentCode: 'lsz-police' });
    expect((await rpc('reporting.kpi.query', { node: SUBDISTRICT, ...period }, officer)).err).toMatchObject({ code: 'forbidden' });
    const reader = await as({ kind: 'client', roles: [Role.ApiClient], nodeScope: COMMUNITY_1, scopes: [ApiScope.CasesRead] });
    expect((await kpis({ node: COMMUNITY_1, ...period }, reader)).figures.found).toBe(5);
    const writer = await as({ kind: 'client', roles: [Role.ApiClient], nodeScope: COMMUNITY_1, scopes: [ApiScope.CasesWrite, ApiScope.RegistryRead] });
    expect((await rpc('reporting.kpi.query', { node: COMMUNITY_1, ...period }, writer)).err).toMatchObject({ code: 'forbidden' });
    expect((await rpc('reporting.rebuild.start', {}, reader)).err).toMatchObject({ code: 'forbidden' });
    expect((await rpc('reporting.rebuild.start', {}, operator2)).err).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a malformed query, naming each field', async () => {
    expect((await rpc('reporting.kpi.query', { node: '41-01', period: '2013-Q5', groupBy: 'week' }, admin)).err).toMatchObject({
      code: 'validation-failed',
      errors: expect.arrayContaining([expect.objectContaining({ field: 'node' }), expect.objectContaining({ field: 'period' }), expect.objectContaining({ field: 'groupBy' })]),
    });
    expect((await rpc('reporting.kpi.query', { node: SUBDISTRICT, period: '2013', from: '2013-01-01' }, admin)).err).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'period', reason: 'period excludes from and to: give one or the other' }],
    });
    expect((await rpc('reporting.kpi.query', { node: SUBDISTRICT, from: '2013-04-01', to: '2013-03-01' }, admin)).err).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'to', reason: 'must not be before from (2013-04-01)' }],
    });
  });

  it('gives the KPI definitions with stable keys, Chinese and English names and formulas', async () => {
    const defs = await ok<Array<{ key: string; nameZh: string; nameEn: string; formula: string }>>('reporting.kpi.definitions', {});
    expect(defs.map((d) => d.key)).toEqual(
      expect.arrayContaining([
        'found',
        'closed',
        'closedOnTime',
        'overdueNow',
        'open',
        'closureRate',
        'onTimeRate',
        'reworkRate',
        'filingRate',
        'avgHoursToClose',
        'p90HoursToClose',
        'patrolCoverage',
        'visits',
      ]),
    );
    expect(defs.find((d) => d.key === 'closureRate')).toMatchObject({ nameZh: '办结率', nameEn: 'Closure rate', formula: 'closed / found' });
    const figures = Object.keys((await kpis({ node: SUBDISTRICT, ...period })).figures).sort();
    expect(defs.map((d) => d.key).sort()).toEqual(figures);
  });

  it('shows its consumers’ lag in /health/ready and counts the events applied in /metrics', async () => {
    const health = (await (await fetch(`${reporting.url}/health/ready`)).json()) as { details: { consumers: { status: string; lag: Record<string, { pending: number; unacknowledged: number }> } } };
    expect(health.details.consumers).toMatchObject({ status: 'up', lag: { reporting: { pending: 0, unacknowledged: 0 }, 'reporting-grid': { pending: 0, unacknowledged: 0 } } });
    const metrics = await (await fetch(`${reporting.url}/metrics`)).text();
    expect(metrics).toMatch(/citygrid_consumer_events_applied_total\{consumer="reporting",type="citygrid.case.reported.v1"\} 10/);
    expect(metrics).toMatch(/citygrid_consumer_lag_events\{consumer="reporting"\} 0/);
  });

  it('dead-letters an event it cannot apply, changing no figure, and lists it to the administrator', async () => {
    const before = await kpis({ node: SUBDISTRICT, ...period });
    const good = new CaseStory(GRID_1_1, 'CM05', '2013-03-02T02:00:00.000Z');
    const bad = { ...good.events[0]!, data: { ...good.events[0]!.data, path: ['nowhere'] } };
    await publish(bad);
    const letter = await eventually(async () => {
      const page = await ok<{ items: Array<{ id: string; eventId: string; consumer: string; error: string; deliveries: number }> }>('reporting.dead-letter.list', {});
      return page.items.find((d) => d.eventId === bad.id);
    }, 15000);
    expect(letter).toMatchObject({ consumer: 'reporting', deliveries: 2, error: expect.stringContaining('has an invalid payload: path') });
    expect({ ...(await kpis({ node: SUBDISTRICT, ...period })), computedAt: '' }).toEqual({ ...before, computedAt: '' });
    const operator = await as({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY_1 });
    expect((await rpc('reporting.dead-letter.list', {}, operator)).err).toMatchObject({ code: 'forbidden' });
    // the handler still refuses it: 409, nothing changed
    expect((await rpc('reporting.dead-letter.replay', { id: letter.id }, admin)).err).toMatchObject({ code: 'conflict' });
  });

  it('rebuilds every read model from the stream with identical answers, announces it, and keeps consuming after', async () => {
    const queries = [
      { node: SUBDISTRICT, ...period, groupBy: 'child' },
      { node: COMMUNITY_1, ...period, groupBy: 'category' },
      { node: GRID_2_1, period: '2013-03', groupBy: 'day' },
      { node: SUBDISTRICT, period: '2013-Q1', category: 'CM', groupBy: 'month' },
    ];
    const strip = (r: KpiReportView): unknown => ({ ...r, computedAt: '' });
    const before = await Promise.all(queries.map(async (q) => strip(await kpis(q))));
    const keys: Record<string, string> = { case_fact: '1', rollup_day: '1, 2, 3', rollup_close_hours: '1, 2, 3, 4', patrol_grid_day: '1, 2', node: '1' };
    const tables = async (): Promise<unknown[]> =>
      Promise.all(Object.entries(keys).map(([t, order]) => sql(`select * from "${schema}"."${t}" order by ${order}`).then((rows) => rows.map(({ updated_at: _u, ...r }) => r))));
    const tablesBefore = await tables();

    const started = await ok<RebuildView>('reporting.rebuild.start', {});
    expect(started).toMatchObject({ status: 'running', requestedBy: expect.any(String), eventsReplayed: 0 });
    const done = await eventually(async () => {
      const latest = await ok<RebuildView>('reporting.rebuild.latest', {});
      return latest.status !== 'running' ? latest : undefined;
    }, 30000);
    expect(done).toMatchObject({ id: started.id, status: 'completed', error: null });
    expect(done.eventsReplayed).toBeGreaterThan(stories.flatMap((s) => s.events).length);

    expect(await Promise.all(queries.map(async (q) => strip(await kpis(q))))).toEqual(before);
    expect(await tables()).toEqual(tablesBefore);
    const announced = await eventually(async () => {
      const events = await readSubject<{ data: { id: string; eventsReplayed: number } }>(nc, stream, subjects.event('citygrid.reporting.read-model.rebuilt'));
      return events.find((e) => e.data.id === started.id);
    });
    expect(announced.data.eventsReplayed).toBe(done.eventsReplayed);
    expect(await sql(`select action, actor_id from "${schema}"."audit_log" where entity_id = $1`, [started.id])).toEqual([{ action: 'citygrid.read-model.rebuilt.v1', actor_id: expect.any(String) }]);

    // the live consumer goes on where it was
    const late = new CaseStory(GRID_2_1, 'CM05', '2013-03-20T02:00:00.000Z');
    await publish(late.events[0]!);
    await eventually(() => applied(late.events[0]!.id));
    expect((await kpis({ node: SUBDISTRICT, ...period })).figures.found).toBe(11);
  }, 60000);
});
