import { spawn } from 'node:child_process';
import * as path from 'node:path';

import { findEventByType } from '@citygrid/contracts';
import { KpiGroupBy } from '@citygrid/contracts/reporting';
import { encodeCloudEvent, ensureStream, Subjects } from '@citygrid/messaging';
import { connectTestNats, deleteStream, sql, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@citygrid/testing';
import type { NatsConnection } from 'nats';

import { CaseStory, SUBDISTRICT } from './case-story';
import { ADMIN, readModelsOn, type ReadModelsOnSchema } from './harness';

const FOUND = 15882;
const CLOSED = 15758;

/**
 * The seed article's figure: by the end of April 2013 林山寨街道 had found 15,882 problems and
 * closed 99.22% of them. The events of such a history (each case reported, 15,758 of them then
 * closed) go onto a stream of this file's own, and `npm run reporting:rebuild` builds the read
 * models from it; the subdistrict's closure rate must read 99.22.
 */
describe('the seed figure: 15,882 found, 15,758 closed, 办结率 99.22% (real Postgres and JetStream)', () => {
  const ns = testNamespace();
  const schema = `reporting_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const subjects = new Subjects({ prefix: ns, stream });
  let nc: NatsConnection;
  let models: ReadModelsOnSchema;
  let rebuildOutput = '';
  const perCommunity = new Map<string, { found: number; closed: number }>();

  beforeAll(async () => {
    models = await readModelsOn(schema);
    nc = await connectTestNats();
    await ensureStream(nc, { name: stream, subjects: subjects.streamSubjects() });
    // 12 communities, 4 level-3 grids each, cases from 1 January to 30 April 2013
    const js = nc.jetstream();
    let pending: Array<Promise<unknown>> = [];
    const start = Date.UTC(2013, 0, 1, 1);
    const span = Date.UTC(2013, 3, 30, 1) - start;
    for (let i = 0; i < FOUND; i++) {
      const community = `${SUBDISTRICT}${String(1 + (i % 12)).padStart(3, '0')}`;
      const grid = `${community}0${1 + (i % 2)}0${1 + ((i >> 1) % 2)}`;
      const reportedAt = new Date(start + Math.floor((span * i) / FOUND)).toISOString();
      const s = new CaseStory(grid, ['CM05', 'SJ0101', 'KA01'][i % 3]!, reportedAt, `C-${i}`);
      // the last cases of the period are the ones still open at its end
      const closed = i < CLOSED;
      if (closed) s.after(2).close();
      const tally = perCommunity.get(community) ?? { found: 0, closed: 0 };
      perCommunity.set(community, { found: tally.found + 1, closed: tally.closed + (closed ? 1 : 0) });
      for (const e of s.events) pending.push(js.publish(subjects.event(findEventByType(e.type)!.subject), encodeCloudEvent(e), { msgID: e.id }));
      if (pending.length >= 1000) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', 'reporting', 'src', 'rebuild.ts')], {
        cwd: path.resolve(__dirname, '../../..'),
        env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (b: Buffer) => (rebuildOutput += b.toString()));
      child.stderr.on('data', (b: Buffer) => (rebuildOutput += b.toString()));
      child.once('exit', resolve);
    });
    const seconds = (Date.now() - started) / 1000;
    if (code !== 0) throw new Error(`npm run reporting:rebuild exited with ${code}:\n${rebuildOutput}`);
    process.stdout.write(`  replayed ${FOUND + CLOSED} events in ${seconds.toFixed(1)} s (${Math.round((FOUND + CLOSED) / seconds)} events/s, process start included)\n`);
  }, 600000);

  afterAll(async () => {
    await deleteStream(nc, stream);
    await nc?.drain();
    await models?.close();
  });

  it('prints closureRate 99.22 for the subdistrict', async () => {
    const r = await models.kpis.query(ADMIN, { node: SUBDISTRICT, from: '2013-01-01', to: '2013-04-30' });
    expect(r.figures).toMatchObject({ found: FOUND, closed: CLOSED, open: FOUND - CLOSED });
    expect(r.figures.closureRate).toEqual({ numerator: CLOSED, denominator: FOUND, percent: '99.22' });
  });

  it('adds up over the communities, each with its own figure', async () => {
    const r = await models.kpis.query(ADMIN, { node: SUBDISTRICT, from: '2013-01-01', to: '2013-04-30', groupBy: KpiGroupBy.Child });
    expect(r.rows.map((row) => [row.key, row.figures.found, row.figures.closed])).toEqual([...perCommunity].sort().map(([code, t]) => [code, t.found, t.closed]));
  });

  it('replayed every event once, and completed the rebuild', async () => {
    expect(await sql(`select count(*)::int as n from "${schema}"."inbox"`)).toEqual([{ n: FOUND + CLOSED }]);
    expect(await sql(`select status, events_replayed::int as n from "${schema}"."rebuild_run"`)).toEqual([{ status: 'completed', n: FOUND + CLOSED }]);
    expect(rebuildOutput).toContain('rebuild completed');
  });
});
