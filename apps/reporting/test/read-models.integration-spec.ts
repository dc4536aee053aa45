import { randomUUID } from 'node:crypto';

import type { CityGridCloudEvent } from '@citygrid/contracts';
import { KpiGroupBy, type KpiQuery, type KpiReportView } from '@citygrid/contracts/reporting';
import { testNamespace } from '@citygrid/testing';

import { CaseStory, COMMUNITY_1, COMMUNITY_2, GRID_1_1, GRID_1_2, GRID_2_1, patrolLogged, shuffled, SUBDISTRICT, treeEvents, visitLogged } from './case-story';
import { ADMIN, readModelsOn, type ReadModelsOnSchema } from './harness';

/**
 * The read models on the real database: one set of events applied in order, the same set
 * shuffled across and within cases with duplicates, and the same again in batches as a rebuild
 * applies them, each on its own schema. Every table and every KPI answer must be the same, and
 * the figures those the test counts from its own stories.
 */
describe('read models are the same whatever order and however often events arrive (real Postgres)', () => {
  const ns = testNamespace();
  let inOrder: ReadModelsOnSchema;
  let shuffledWithDuplicates: ReadModelsOnSchema;
  let batched: ReadModelsOnSchema;
  const stories: CaseStory[] = [];
  let events: CityGridCloudEvent[];

  /** March 2013, Beijing time: `day` 1-31 at `hour`:00. */
  const march = (day: number, hour = 9): string => new Date(Date.UTC(2013, 2, day, hour - 8)).toISOString();

  beforeAll(async () => {
    const grids = [GRID_1_1, GRID_1_2, GRID_2_1];
    const categories = ['CM05', 'CM06', 'SJ0101', 'SJ0402'];
    for (let i = 0; i < 36; i++) {
      const grid = grids[i % 3]!;
      const category = categories[i % 4]!;
      const s = new CaseStory(grid, category, march(1 + (i % 20), 8 + (i % 9)));
      switch (i % 9) {
        case 0: // closed on time
          s.after(1).file().after(1).dispatch(48).accept().after(10).handle().after(2).close();
          break;
        case 1: // closed late
          s.file().dispatch(4).accept().after(30).handle().after(1).close();
          break;
        case 2: // reworked, then closed
          s.file().dispatch(24).accept().after(3).handle().after(1).rework().after(2).handle().after(1).close();
          break;
        case 3: // rejected
          s.after(2).reject();
          break;
        case 4: // escalated (overdue), still open
          s.file().dispatch(2).accept().after(3).escalate(24, true);
          break;
        case 5: // closed, reopened, closed again two days later
          s.file().dispatch(24).accept().handle().after(1).close().after(40).reopen().after(1).dispatch(24).accept().handle().after(2).close();
          break;
        case 6: // cancelled
          s.file().after(5).cancel();
          break;
        case 7: // still open, dispatched with a deadline long past
          s.file().dispatch(1);
          break;
        case 8: // merged into the case before
          s.file()
            .after(1)
            .merge(stories[i - 1]!.id);
          break;
      }
      stories.push(s);
    }
    const field = [
      patrolLogged(GRID_1_1, '2013-03-01'),
      patrolLogged(GRID_1_1, '2013-03-01'),
      patrolLogged(GRID_1_2, '2013-03-01'),
      patrolLogged(GRID_2_1, '2013-03-02'),
      visitLogged(GRID_1_1, '2013-03-01'),
      visitLogged(GRID_2_1, '2013-03-03'),
    ];
    // each case's events in its own order, the cases interleaved by time (as the stream has them)
    events = [...treeEvents(), ...stories.flatMap((s) => s.events), ...field].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    [inOrder, shuffledWithDuplicates, batched] = await Promise.all([readModelsOn(`reporting_${ns}_a`), readModelsOn(`reporting_${ns}_b`), readModelsOn(`reporting_${ns}_c`)]);
    for (const e of events) await inOrder.consume(e);
    const redelivered = shuffled([...events, ...events.filter((_, i) => i % 3 === 0)], 20130430);
    const applied = [];
    for (const e of redelivered) applied.push(await shuffledWithDuplicates.consume(e));
    expect(applied.filter((a) => !a)).toHaveLength(redelivered.length - events.length);
    const mixed = shuffled(events, 7);
    for (let i = 0; i < mixed.length; i += 25) await batched.applyBatch(mixed.slice(i, i + 25));
  }, 120000);

  afterAll(async () => {
    await Promise.all([inOrder?.close(), shuffledWithDuplicates?.close(), batched?.close()]);
  });

  it.each(['case_fact', 'rollup_day', 'rollup_close_hours', 'patrol_grid_day', 'node'])('leaves the same rows in %s', async (table) => {
    const expected = await inOrder.table(table);
    expect(expected.length).toBeGreaterThan(0);
    expect(await shuffledWithDuplicates.table(table)).toEqual(expected);
    expect(await batched.table(table)).toEqual(expected);
  });

  const queries: KpiQuery[] = [
    { node: SUBDISTRICT, from: '2013-03-01', to: '2013-03-31' },
    { node: SUBDISTRICT, period: '2013-03', groupBy: KpiGroupBy.Child },
    { node: COMMUNITY_1, from: '2013-03-01', to: '2013-03-15', groupBy: KpiGroupBy.Category },
    { node: GRID_2_1, period: '2013-Q1', groupBy: KpiGroupBy.Month },
    { node: SUBDISTRICT, from: '2013-03-01', to: '2013-03-10', category: 'CM', groupBy: KpiGroupBy.Day },
    { node: COMMUNITY_2, from: '2013-03-05', to: '2013-03-25', category: 'SJ0101' },
  ];

  it.each(queries.map((q) => [JSON.stringify(q), q] as const))('answers %s the same', async (_name, q) => {
    const strip = (r: KpiReportView): Omit<KpiReportView, 'computedAt'> => ({ ...r, computedAt: undefined }) as Omit<KpiReportView, 'computedAt'>;
    const expected = strip(await inOrder.kpis.query(ADMIN, q));
    expect(strip(await shuffledWithDuplicates.kpis.query(ADMIN, q))).toEqual(expected);
    expect(strip(await batched.kpis.query(ADMIN, q))).toEqual(expected);
  });

  it('gives the figures the stories count, for the subdistrict, a community, a grid and a category', async () => {
    const inMarch = (t: string | null | undefined): boolean => !!t && t >= march(1, 0) && t < new Date(Date.UTC(2013, 3, 1, -8)).toISOString();
    const expected = (keep: (s: CaseStory) => boolean) => {
      const mine = stories.filter(keep);
      const ofType = (s: CaseStory, type: string) => s.events.filter((e) => e.type === `citygrid.case.${type}.v1`);
      const lastClose = (s: CaseStory) => {
        const last = s.events.at(-1)!;
        return last.type === 'citygrid.case.closed.v1' ? last : undefined;
      };
      const closed = mine.filter((s) => inMarch(lastClose(s)?.time));
      const due = mine.filter((s) => {
        const close = lastClose(s);
        const dueAt = close ? close.data.dueAt : ['rejected', 'cancelled', 'merged'].includes(s.events.at(-1)!.data.stateAfter) ? null : s.events.at(-1)!.data.deadline;
        return inMarch(dueAt);
      });
      return {
        found: mine.filter((s) => inMarch(s.reportedAt.toISOString())).length,
        filed: mine.filter((s) => ofType(s, 'filed').some((e) => inMarch(e.time))).length,
        rejected: mine.filter((s) => ofType(s, 'rejected').some((e) => inMarch(e.time))).length,
        closed: closed.length,
        due: due.length,
        closedOnTime: due.filter((s) => lastClose(s)?.data.onTime === true).length,
        reworked: mine.flatMap((s) => ofType(s, 'reworked')).filter((e) => inMarch(e.time)).length,
        escalated: mine.flatMap((s) => ofType(s, 'escalated')).filter((e) => inMarch(e.time)).length,
        reopened: mine.flatMap((s) => ofType(s, 'reopened')).filter((e) => inMarch(e.time)).length,
        handled: mine.flatMap((s) => ofType(s, 'handled')).filter((e) => inMarch(e.time)).length,
        open: mine.filter((s) => !['closed', 'rejected', 'cancelled', 'merged'].includes(s.events.at(-1)!.data.stateAfter)).length,
        overdueNow: mine.filter((s) => ['dispatched', 'accepted', 'returned'].includes(s.events.at(-1)!.data.stateAfter) && s.events.at(-1)!.data.deadline! < new Date().toISOString()).length,
      };
    };
    const check = async (q: KpiQuery, keep: (s: CaseStory) => boolean) => {
      const want = expected(keep);
      expect(want.found).toBeGreaterThan(0);
      const got = (await batched.kpis.query(ADMIN, { ...q, from: '2013-03-01', to: '2013-03-31' })).figures;
      expect(got).toMatchObject(want);
      expect(got.closureRate).toEqual({ numerator: want.closed, denominator: want.found, percent: expect.any(String) });
    };
    await check({ node: SUBDISTRICT }, () => true);
    await check({ node: COMMUNITY_1 }, (s) => s.gridCode.startsWith(COMMUNITY_1));
    await check({ node: GRID_2_1 }, (s) => s.gridCode === GRID_2_1);
    await check({ node: SUBDISTRICT, category: 'CM' }, (s) => s.categoryCode.startsWith('CM'));
    await check({ node: COMMUNITY_1, category: 'SJ0101' }, (s) => s.gridCode.startsWith(COMMUNITY_1) && s.categoryCode === 'SJ0101');
  });

  it('counts patrolled grid-days once per grid and day, and visits, over the grids grid-registry announced', async () => {
    const r = await batched.kpis.query(ADMIN, { node: SUBDISTRICT, from: '2013-03-01', to: '2013-03-03', groupBy: KpiGroupBy.Day });
    // three level-3 grids on three days; GRID_1_1 patrolled twice on the 1st counts once
    expect(r.figures).toMatchObject({ patrols: 4, visits: 2, patrolCoverage: { numerator: 3, denominator: 9, percent: '33.33' } });
    expect(r.rows.map((row) => [row.key, row.figures.patrolCoverage])).toEqual([
      ['2013-03-01', { numerator: 2, denominator: 3, percent: '66.67' }],
      ['2013-03-02', { numerator: 1, denominator: 3, percent: '33.33' }],
      ['2013-03-03', { numerator: 0, denominator: 3, percent: '0.00' }],
    ]);
    expect((await batched.kpis.query(ADMIN, { node: SUBDISTRICT, from: '2013-03-01', to: '2013-03-03', category: 'CM' })).figures).toMatchObject({ patrols: null, visits: null, patrolCoverage: null });
  });

  it('names the nodes of a breakdown from the grid events', async () => {
    const r = await batched.kpis.query(ADMIN, { node: SUBDISTRICT, period: '2013-03', groupBy: KpiGroupBy.Child });
    expect(r.node).toEqual({ code: SUBDISTRICT, name: '林山寨街道', path: ['410100', '410102', SUBDISTRICT] });
    expect(r.rows.map((row) => [row.key, row.name])).toEqual([
      [COMMUNITY_1, '一号社区'],
      [COMMUNITY_2, '二号社区'],
    ]);
    expect(r.rows.reduce((n, row) => n + row.figures.found, 0)).toBe(r.figures.found);
  });

  it('dead-letters nothing silently: a case event of another shape fails its transaction, leaving the read models as they were', async () => {
    const before = await batched.table('rollup_day');
    const bad = { ...stories[0]!.events[1]!, id: randomUUID(), data: { ...stories[0]!.events[1]!.data, path: 'nowhere' } } as unknown as CityGridCloudEvent;
    await expect(batched.applyBatch([stories[1]!.events[0]!, bad])).rejects.toThrow(/has an invalid payload: path/);
    expect(await batched.table('rollup_day')).toEqual(before);
  });
});
