import { TicketingEvents } from '@citygrid/contracts/ticketing';
import { buildCloudEvent } from '@citygrid/messaging';

import { CaseStory, GRID_1_1, pathOf, shuffled } from '../../test/case-story';
import { ALL_CATEGORIES, caseContribution, caseEventOf, caseFlows, categoryLevels, type CaseFacts, foldCase, RollupDelta, WORK_BUCKET_OFFSET } from './projection';

const TZ = 'Asia/Shanghai';

/** Fold a case's events in the given order. */
function fold(events: CaseStory['events']): CaseFacts {
  let f: CaseFacts | null = null;
  for (const e of events) f = foldCase(f, caseEventOf(e));
  return f!;
}

/** The rollup changes of applying `events` one by one, as the projector does. */
function deltaOf(events: CaseStory['events']): Array<[string, Record<string, number>]> {
  const delta = new RollupDelta();
  let f: CaseFacts | null = null;
  for (const raw of events) {
    const e = caseEventOf(raw);
    const next = foldCase(f, e);
    delta.replace(f, next, TZ);
    delta.add({ counts: caseFlows(e, TZ, 24), buckets: [] }, e.data.path, categoryLevels(e.data.categoryCode));
    f = next;
  }
  return delta.changedRows().map((r) => [`${r.node}|${r.category}|${r.day}`, Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n !== 0))]);
}

describe('caseContribution: working hours to close', () => {
  it('counts the working time the closed event carries, in a histogram beside the wall-clock one', () => {
    // reported Friday 1 March 09:00, closed Monday 4 March 10:00: 73 wall hours, 9 working ones
    const s = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z').file().dispatch(96).accept().handle().after(73).close(9);
    const c = caseContribution(fold(s.events), TZ);
    expect(c.counts.filter(([, m]) => ['closed', 'closeTimed', 'closeMs', 'closeWorkTimed', 'closeWorkMs'].includes(m))).toEqual([
      ['2013-03-04', 'closed', 1],
      ['2013-03-04', 'closeTimed', 1],
      ['2013-03-04', 'closeMs', 73 * 3_600_000],
      ['2013-03-04', 'closeWorkTimed', 1],
      ['2013-03-04', 'closeWorkMs', 9 * 3_600_000],
    ]);
    expect(c.buckets.map(([, b]) => b >= WORK_BUCKET_OFFSET)).toEqual([false, true]);
    // a closing whose event does not say (published before it was added) has no working time
    const older = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z').file().dispatch(96).accept().handle().after(73).close();
    expect(caseContribution(fold(older.events), TZ).counts.map(([, m]) => m)).not.toContain('closeWorkTimed');
  });
});

describe('caseFlows: verifications', () => {
  it('counts each verification on its day, timely when within the limit of the handling report it checked', () => {
    // handled at 10:00 Beijing time; failed 3 hours later, handled again, passed 30 hours after that
    const s = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z').file().dispatch(96).accept().after(1).handle().after(3).rework().after(1).handle().after(30).close();
    const flows = s.events.map((raw) => caseFlows(caseEventOf(raw), TZ, 24)).flat();
    expect(flows.filter(([, m]) => m === 'verified' || m === 'verifiedOnTime')).toEqual([
      ['2013-03-01', 'verified', 1],
      ['2013-03-01', 'verifiedOnTime', 1],
      ['2013-03-02', 'verified', 1],
    ]);
    // with a 48-hour limit the second is timely too
    expect(
      s.events
        .map((raw) => caseFlows(caseEventOf(raw), TZ, 48))
        .flat()
        .filter(([, m]) => m === 'verifiedOnTime'),
    ).toHaveLength(2);
  });

  it('does not count as timely a verification whose event carries no handling time', () => {
    const raw = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z').file().dispatch(96).accept().handle().close().events.at(-1)!;
    const e = caseEventOf({ ...raw, data: { ...(raw.data as object), handledAt: undefined } });
    expect(caseFlows(e, TZ, 24).map(([, m]) => m)).toEqual(['verified', 'settled']);
  });
});

describe('categoryLevels', () => {
  it('rolls a sub-class up through its classes by code, then into all categories', () => {
    expect(categoryLevels('SJ0101')).toEqual(['SJ0101', 'SJ01', 'SJ', ALL_CATEGORIES]);
    expect(categoryLevels('CM05')).toEqual(['CM05', 'CM', ALL_CATEGORIES]);
    expect(categoryLevels('KA')).toEqual(['KA', ALL_CATEGORIES]);
  });
});

describe('foldCase and caseContribution', () => {
  it('counts a case closed on time on the days it was reported, filed, dispatched, closed and due', () => {
    // reported 09:00 Beijing time on 1 March, due 2 days after dispatch, closed the next day
    const s = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z').after(1).file().after(1).dispatch(48).accept().after(20).handle().after(2).close();
    const f = fold(s.events);
    expect(f).toMatchObject({ state: 'closed', reportedAt: '2013-03-01T01:00:00.000Z', filedAt: '2013-03-01T02:00:00.000Z', closure: { closedAt: '2013-03-02T01:00:00.000Z', onTime: true } });
    const c = caseContribution(f, TZ);
    expect(c.counts).toEqual([
      ['2013-03-01', 'found', 1],
      ['2013-03-01', 'filed', 1],
      ['2013-03-01', 'dispatched', 1],
      ['2013-03-02', 'closed', 1],
      ['2013-03-02', 'closeTimed', 1],
      ['2013-03-02', 'closeMs', 24 * 3_600_000],
      ['2013-03-03', 'due', 1],
      ['2013-03-03', 'closedOnTime', 1],
    ]);
    expect(c.buckets).toHaveLength(1);
  });

  it('counts a late closing as due but not on time, and counts days in the working time zone', () => {
    // dispatched at 23:00 Beijing time (15:00 UTC) with 2 hours: due at 01:00 the next day
    const s = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T14:00:00.000Z').file().after(1).dispatch(2).accept().after(5).handle().close();
    const f = fold(s.events);
    expect(f.closure).toEqual({ closedAt: '2013-03-01T20:00:00.000Z', dueAt: '2013-03-01T17:00:00.000Z', onTime: false });
    const counts = caseContribution(f, TZ).counts;
    expect(counts).toContainEqual(['2013-03-02', 'due', 1]);
    expect(counts.filter(([, m]) => m === 'closedOnTime')).toEqual([]);
  });

  it('takes a reopened case off the day it was closed and counts it on the day it is closed again', () => {
    const s = new CaseStory(GRID_1_1, 'SJ0101', '2013-03-01T01:00:00.000Z').file().dispatch(24).accept().handle().after(2).close();
    const firstClose = caseContribution(fold(s.events), TZ).counts.find(([, m]) => m === 'closed');
    expect(firstClose).toEqual(['2013-03-01', 'closed', 1]);
    s.after(48).reopen().dispatch(24).accept().handle().after(1).close();
    const f = fold(s.events);
    expect(f.reopenCount).toBe(1);
    expect(caseContribution(f, TZ).counts.filter(([, m]) => m === 'closed')).toEqual([['2013-03-03', 'closed', 1]]);
  });

  it('gives the same facts whatever order the events of one case arrive in', () => {
    const s = new CaseStory(GRID_1_1, 'SJ0101', '2013-03-01T01:00:00.000Z')
      .file()
      .dispatch(4)
      .after(5)
      .escalate(8, true)
      .accept()
      .handle()
      .rework()
      .handle()
      .after(1)
      .close()
      .after(30)
      .reopen()
      .dispatch(24)
      .accept()
      .handle()
      .close();
    const inOrder = fold(s.events);
    expect(inOrder).toMatchObject({ state: 'closed', reworkCount: 1, escalationCount: 1, reopenCount: 1 });
    for (const seed of [1, 2, 3, 4, 5, 6, 7]) {
      const f = fold(shuffled(s.events, seed));
      // the order keys record which event set each fact; the facts themselves must be equal
      expect({ ...f, keys: undefined }).toEqual({ ...inOrder, keys: undefined });
      expect(caseContribution(f, TZ)).toEqual(caseContribution(inOrder, TZ));
    }
  });

  it('nets every intermediate contribution out: applying events in any order leaves only the final facts and the flows', () => {
    const s = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z')
      .file()
      .dispatch(4)
      .accept()
      .handle()
      .rework()
      .handle()
      .after(10)
      .close()
      .after(24)
      .reopen()
      .dispatch(8)
      .accept()
      .handle()
      .close();
    const inOrder = deltaOf(s.events);
    expect(deltaOf(shuffled(s.events, 11))).toEqual(inOrder);
    expect(deltaOf([...s.events].reverse())).toEqual(inOrder);
    const grid = Object.fromEntries(inOrder.filter(([k]) => k.startsWith(`${GRID_1_1}|*|`)));
    expect(grid[`${GRID_1_1}|*|2013-03-01`]).toMatchObject({ found: 1, filed: 1, dispatched: 1, handled: 2, reworked: 1, settled: 1 });
    expect(grid[`${GRID_1_1}|*|2013-03-02`]).toMatchObject({ reopened: 1, handled: 1, closed: 1, settled: 1 });
    // every node of the path, every level of the category and all categories
    expect(new Set(inOrder.map(([k]) => k.split('|').slice(0, 2).join('|')))).toEqual(new Set(pathOf(GRID_1_1).flatMap((n) => ['CM05', 'CM', '*'].map((c) => `${n}|${c}`))));
  });

  it('reads events published before the reporting facts were added, counting by their times', () => {
    const s = new CaseStory(GRID_1_1, 'CM05', '2013-03-01T01:00:00.000Z').file().dispatch(4).accept().handle().after(1).close();
    const legacy = s.events.map((e) => {
      const { version, reportedAt, closedAt, reworkCount, escalationCount, dueAt, onTime, ...data } = e.data;
      void [version, reportedAt, closedAt, reworkCount, escalationCount, dueAt, onTime];
      return { ...e, data };
    });
    const f = fold(legacy);
    expect(f).toMatchObject({ reportedAt: '2013-03-01T01:00:00.000Z', closure: { closedAt: '2013-03-01T02:00:00.000Z', dueAt: '2013-03-01T05:00:00.000Z', onTime: true } });
  });

  it('refuses a payload of another shape, naming the fields and not their values', () => {
    const e = buildCloudEvent(TicketingEvents.caseFiled, { subject: 'x', data: { id: 'nope', path: ['not-a-code'], stateAfter: 'lost', categoryCode: 'CM05', number: 'N', version: 0 } as never });
    expect(() => caseEventOf(e)).toThrow(`${e.type} ${e.id} has an invalid payload: id, stateAfter, path, version`);
  });
});
