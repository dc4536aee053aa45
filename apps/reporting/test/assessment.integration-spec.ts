import type { CityGridCloudEvent } from '@citygrid/contracts';
import { Role } from '@citygrid/contracts/identity';
import {
  type AssessmentReportView,
  type AssessmentRuleCreatedView,
  type AssessmentRuleView,
  type CreateAssessmentRuleDto,
  MissingValue,
  type RankingReportView,
  ScaleKind,
  ScoreDirection,
} from '@citygrid/contracts/reporting';
import { sql, testNamespace } from '@citygrid/testing';

import { ruleViolations } from '../src/assessment/rule-checks';
import { flagged, inspected, ReportingProcess, StaffStory } from './assessment-story';
import { CaseStory, COMMUNITY_1, COMMUNITY_2, GRID_1_1, GRID_1_2, GRID_2_1, SUBDISTRICT, treeEvents } from './case-story';

/** `day` (`2013-04-10`) at `hour`:00 Beijing time, as an instant. */
const bj = (day: string, hour = 9): string => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000).toISOString();
const L2_1 = `${COMMUNITY_1}01`;
const L2_2 = `${COMMUNITY_2}01`;

/** Closing 1 in `closed` of `cases` cases reported on `day`s at `grid`, each closed within 20 hours of its report. */
function cases(grid: string, day: (i: number) => string, count: number, closed: number): CaseStory[] {
  return Array.from({ length: count }, (_, i) => {
    const s = new CaseStory(grid, 'CM05', bj(day(i))).after(1).file().dispatch(48).accept().after(10).handle();
    return i < closed ? s.after(9).close() : s;
  });
}

/** A rule that scores the closure rate alone, so that the expected totals are plain to see. */
const SIMPLE: CreateAssessmentRuleDto = {
  name: '办结率细则',
  description: 'closure rate only',
  effectiveFrom: '2013-01-01',
  indicators: [{ key: 'closureRate', weight: '100', direction: ScoreDirection.Higher, scale: ScaleKind.Linear, best: '100', worst: '0', whenMissing: MissingValue.Full }],
  adjustments: [
    { fact: 'supervisionFlags', label: '被督办', points: '-5' },
    { fact: 'inspectionsFailed', label: '督查不合格', points: '-10' },
    { fact: 'inspectionsClean', label: '督查无问题', points: '2' },
  ],
  failingSeverity: 'high',
  rewardTop: 1,
  penaltyBelowScore: '60',
};

/**
 * Assessment on a real reporting process, Postgres and JetStream: the quarter's facts from
 * ticketing's and grid-registry's events (published as their relays publish them), rule versions
 * created over NATS, and scores read as the gateway reads them.
 */
describe('quantified assessment from events, under versioned rules (real Postgres and JetStream)', () => {
  const reporting = new ReportingProcess(testNamespace());
  const a = new StaffStory('王芳');
  const b = new StaffStory('李强');
  let published: CityGridCloudEvent[] = [];

  const assess = (node: string, quarter: string, token?: string): Promise<AssessmentReportView> => reporting.ok('reporting.assessment.query', { node, quarter }, token);
  const totals = (r: AssessmentReportView): Record<string, string> => Object.fromEntries(r.scores.map((s) => [s.subject.name ?? s.subject.code, s.total]));

  beforeAll(async () => {
    await reporting.start();
    // Q1: grid 1-1 closes all of 4 cases within a day; grid 1-2 leaves its one case open
    const q1 = [...cases(GRID_1_1, (i) => `2013-01-${10 + i}`, 4, 4), ...cases(GRID_1_2, () => '2013-02-01', 1, 0)];
    // Q2: 1-1 closes 4 of 4, 1-2 2 of 4, 2-1 1 of 2
    const q2 = [...cases(GRID_1_1, (i) => `2013-04-${10 + i}`, 4, 4), ...cases(GRID_1_2, (i) => `2013-05-${10 + i}`, 4, 2), ...cases(GRID_2_1, (i) => `2013-06-${10 + i}`, 2, 1)];
    const flag = flagged(GRID_1_2, bj('2013-05-20'));
    const facts = [
      flag,
      // community 1 failed its inspection (a high finding), grid 2-1 passed clean
      inspected(COMMUNITY_1, bj('2013-05-21'), { low: 1, medium: 0, high: 1 }),
      inspected(GRID_2_1, bj('2013-06-01'), { low: 0, medium: 0, high: 0 }),
      // a Q1 flag: not in Q2
      flagged(GRID_1_1, bj('2013-03-31', 23)),
    ];
    // 王芳 at 1-1 throughout; 李强 at 1-1 until 1 May 10:00, then at 1-2; his unassignment published before his assignment
    const [bAssigned, bUnassigned] = b.assignment(GRID_1_1, bj('2013-01-05'), bj('2013-05-01', 10));
    const staff = [...a.assignment(GRID_1_1, bj('2013-01-05')), bUnassigned!, bAssigned!, ...b.assignment(GRID_1_2, bj('2013-05-01', 10))];
    published = [...treeEvents(), ...[...q1, ...q2].flatMap((s) => s.events), ...facts, ...staff];
    for (const e of published) await reporting.publish(e);
    // the flag once more, under another message id: delivered twice, applied once
    await reporting.publish(flag, `${flag.id}-again`);
    await reporting.applied(published);
  }, 180000);

  afterAll(() => reporting.stop(), 60000);

  it('seeds a default rule version that passes every check', async () => {
    const rules = await reporting.ok<AssessmentRuleView[]>('reporting.assessment-rule.list', {});
    expect(rules).toHaveLength(1);
    const [seeded] = rules;
    expect(seeded).toMatchObject({
      version: 1,
      name: 'CityGrid 默认考核细则',
      effectiveFrom: '2000-01-01',
      createdBy: 'system',
      failingSeverity: 'high',
      rewardTop: 3,
      rewardMinScore: '90',
      penaltyBelowScore: '60',
    });
    expect(seeded!.indicators.map((i) => [i.key, i.weight])).toEqual([
      ['closureRate', '30'],
      ['onTimeRate', '25'],
      ['reworkRate', '15'],
      ['patrolCoverage', '20'],
      ['avgHoursToClose', '10'],
    ]);
    expect(ruleViolations({ ...seeded!, description: seeded!.description, rewardTop: 3, rewardMinScore: '90', penaltyBelowScore: '60' })).toEqual([]);
  });

  it('scores an ended quarter under the version in force, and records it as scored', async () => {
    const r = await assess(SUBDISTRICT, '2013-Q1');
    expect(r).toMatchObject({ quarter: '2013-Q1', rule: { version: 1 }, final: true, period: { from: '2013-01-01', to: '2013-03-31' } });
    expect(r.scoredAt).not.toBeNull();
    const g11 = r.scores.find((s) => s.subject.code === GRID_1_1)!;
    // all closed, on time, within 24 h, no rework: 30 + 25 + 15 + 10; no patrol: 0 of 20; the 31 March flag −1
    expect(g11.indicators.map((i) => [i.key, i.value, i.points])).toEqual([
      ['closureRate', '100.00', '30.00'],
      ['onTimeRate', '100.00', '25.00'],
      ['reworkRate', '0.00', '15.00'],
      ['patrolCoverage', '0.00', '0.00'],
      ['avgHoursToClose', '20.00', '10.00'],
    ]);
    expect(g11).toMatchObject({ base: '80.00', adjustment: '-1.00', total: '79.00', rank: 1, rankOf: 2 });
    // 1-2: nothing closed (0 of 30) and the one case due in the quarter missed (0 of 25); no rework and no closing count in full
    expect(r.scores.find((s) => s.subject.code === GRID_1_2)).toMatchObject({ base: '25.00', total: '25.00', rank: 2, outcome: 'penalty' });
    expect(await sql(`select "rule_version" from "${reporting.schema}"."assessment_quarter" where "quarter" = '2013-Q1'`)).toEqual([{ rule_version: 1 }]);
  });

  it('applies a new version from its effective date, but keeps a scored quarter on the version it was scored with', async () => {
    const v2 = await reporting.ok<AssessmentRuleCreatedView>('reporting.assessment-rule.create', SIMPLE);
    expect(v2).toMatchObject({ version: 2, effectiveFrom: '2013-01-01', quartersKept: ['2013-Q1'], createdBy: 'admin-1' });
    expect((await assess(SUBDISTRICT, '2013-Q1')).rule.version).toBe(1);
    const q2 = await assess(SUBDISTRICT, '2013-Q2');
    expect(q2.rule).toMatchObject({ version: 2, name: '办结率细则' });
    // 1-1: 100; 1-2: 50 − 5 (flag, once though delivered twice); 2-1: 50 + 2 (clean inspection);
    // community 1: 6 of 8 = 75 − 5 − 10 (failed inspection); community 2: 50 + 2; subdistrict: 7 of 10 = 70 − 5 − 10 + 2
    expect(totals(q2)).toMatchObject({
      林山寨街道: '57.00',
      一号社区: '60.00',
      二号社区: '52.00',
      一号社区第一网格: '70.00',
      二号社区第一网格: '52.00',
      一号社区一一网格: '100.00',
      一号社区一二网格: '45.00',
      二号社区一一网格: '52.00',
    });
    const outcomes = Object.fromEntries(q2.scores.map((s) => [s.subject.name, [s.rank, s.outcome]]));
    expect(outcomes).toMatchObject({ 林山寨街道: [null, 'penalty'], 一号社区: [1, 'reward'], 二号社区: [2, 'penalty'], 一号社区一一网格: [1, 'reward'], 一号社区一二网格: [2, 'penalty'] });
    // 王芳: 1-1 all quarter; 李强: 1-1 for 30 days of April, 1-2 for the 61 days from 1 May: (100 × 30 + 45 × 61) / 91 = 63.13
    const staff = q2.scores.filter((s) => s.subject.kind === 'staff');
    expect(staff.map((s) => [s.subject.name, s.total, s.rank, s.subject.assignments.map((x) => [x.code, x.days])])).toEqual([
      [
        '李强',
        '63.13',
        2,
        [
          [GRID_1_1, 30],
          [GRID_1_2, 61],
        ],
      ],
      ['王芳', '100.00', 1, [[GRID_1_1, 91]]],
    ]);
    // rewards, then penalties, each by kind, level, parent and rank; a penalty takes away any reward
    expect(q2.rewardsAndPenalties.map((s) => [s.subject.name, s.outcome])).toEqual([
      ['一号社区', 'reward'],
      ['一号社区第一网格', 'reward'],
      ['一号社区一一网格', 'reward'],
      ['王芳', 'reward'],
      ['林山寨街道', 'penalty'],
      ['二号社区', 'penalty'],
      ['二号社区第一网格', 'penalty'],
      ['一号社区一二网格', 'penalty'],
      ['二号社区一一网格', 'penalty'],
    ]);
    const v3 = await reporting.ok<AssessmentRuleCreatedView>('reporting.assessment-rule.create', { ...SIMPLE, name: '第三版', effectiveFrom: '2013-07-01', rewardTop: 2 });
    expect(v3).toMatchObject({ version: 3, quartersKept: [] });
    expect((await assess(SUBDISTRICT, '2013-Q3')).rule.version).toBe(3);
    expect((await assess(SUBDISTRICT, '2013-Q2')).rule.version).toBe(2);
    const rules = await reporting.ok<AssessmentRuleView[]>('reporting.assessment-rule.list', {});
    expect(rules.map((r) => r.version)).toEqual([3, 2, 1]);
  });

  it('scores a running quarter under the version in force without fixing it', async () => {
    const today = new Date();
    const quarter = `${today.getUTCFullYear() + 1}-Q1`;
    const r = await assess(SUBDISTRICT, quarter);
    expect(r).toMatchObject({ final: false, scoredAt: null, rule: { version: 3 } });
    expect(await sql(`select 1 from "${reporting.schema}"."assessment_quarter" where "quarter" = $1`, [quarter])).toEqual([]);
  });

  it('ranks children, level-3 grids and staff', async () => {
    const children = await reporting.ok<RankingReportView>('reporting.assessment.rankings', { node: SUBDISTRICT, quarter: '2013-Q2' });
    expect(children.rows.map((s) => [s.subject.code, s.rank, s.total])).toEqual([
      [COMMUNITY_1, 1, '60.00'],
      [COMMUNITY_2, 2, '52.00'],
    ]);
    const grids = await reporting.ok<RankingReportView>('reporting.assessment.rankings', { node: SUBDISTRICT, quarter: '2013-Q2', of: 'grids' });
    expect(grids.rows.map((s) => [s.subject.code, s.rank, s.rankOf])).toEqual([
      [GRID_1_1, 1, 3],
      [GRID_2_1, 2, 3],
      [GRID_1_2, 3, 3],
    ]);
    const staff = await reporting.ok<RankingReportView>('reporting.assessment.rankings', { node: L2_1, quarter: '2013-Q2', of: 'staff' });
    expect(staff.rows.map((s) => s.subject.name)).toEqual(['王芳', '李强']);
  });

  it('shows a caller its subtree only: 404 beside it, and nothing of the staff or grids beside it', async () => {
    const operator2 = await reporting.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY_2 });
    for (const node of [COMMUNITY_1, SUBDISTRICT, GRID_1_1]) {
      expect((await reporting.rpc('reporting.assessment.query', { node, quarter: '2013-Q2' }, operator2)).err).toMatchObject({ code: 'not-found', detail: `Node ${node} does not exist.` });
    }
    const own = await assess(COMMUNITY_2, '2013-Q2', operator2);
    expect(own.scores.map((s) => s.subject.code)).toEqual([COMMUNITY_2, L2_2, GRID_2_1]);
    const officer = await reporting.tokens.sign({ roles: [Role.DepartmentOfficer], nodeScope: SUBDISTRICT, departmentCode: 'lsz-police' });
    expect((await reporting.rpc('reporting.assessment.query', { node: SUBDISTRICT, quarter: '2013-Q2' }, officer)).err).toMatchObject({ code: 'forbidden' });
    const client = await reporting.tokens.sign({ kind: 'client', roles: [Role.ApiClient], nodeScope: SUBDISTRICT, scopes: ['cases:read'] });
    expect((await reporting.rpc('reporting.assessment.query', { node: SUBDISTRICT, quarter: '2013-Q2' }, client)).err).toMatchObject({ code: 'forbidden' });
    // only city operators and the system administrator manage the rules
    const subdistrictOperator = await reporting.tokens.sign({ roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT });
    expect((await reporting.rpc('reporting.assessment-rule.list', {}, subdistrictOperator)).err).toMatchObject({ code: 'forbidden' });
    expect((await reporting.rpc('reporting.assessment-rule.create', SIMPLE, subdistrictOperator)).err).toMatchObject({ code: 'forbidden' });
    const cityOperator = await reporting.tokens.sign({ roles: [Role.CityOperator], nodeScope: '410100' });
    expect((await reporting.ok<AssessmentRuleView[]>('reporting.assessment-rule.list', {}, cityOperator)).length).toBe(3);
  });

  it('refuses bad input naming each field, and creates nothing', async () => {
    expect((await reporting.rpc('reporting.assessment.query', { node: '41-01', quarter: '2013-Q5' })).err).toMatchObject({
      code: 'validation-failed',
      errors: expect.arrayContaining([expect.objectContaining({ field: 'node' }), expect.objectContaining({ field: 'quarter' })]),
    });
    expect((await reporting.rpc('reporting.assessment.rankings', { node: SUBDISTRICT, quarter: '2013-Q1', of: 'everyone' })).err).toMatchObject({ errors: [expect.objectContaining({ field: 'of' })] });
    const bad = {
      ...SIMPLE,
      effectiveFrom: '2013-05-01',
      indicators: [{ ...SIMPLE.indicators[0]!, key: 'overdueNow', weight: '90' }],
      adjustments: [{ fact: 'bribes', label: '', points: 'x' }],
    };
    const shape = (await reporting.rpc('reporting.assessment-rule.create', bad)).err;
    expect(shape?.code).toBe('validation-failed');
    expect(shape?.errors?.map((e) => e.field).sort()).toEqual(['adjustments[0].fact', 'adjustments[0].label', 'adjustments[0].points', 'indicators[0].key']);
    // an item that is no object (an array passes class-validator's nested check as an empty list)
    const notObjects = (await reporting.rpc('reporting.assessment-rule.create', { ...SIMPLE, indicators: [[]], adjustments: [7] })).err;
    expect(notObjects?.errors).toEqual([
      { field: 'indicators', reason: 'each indicator must be an object' },
      { field: 'adjustments', reason: 'each adjustment must be an object' },
      { field: 'adjustments[0]', reason: 'each value in nested property adjustments must be either object or array' },
    ]);
    const sums = (await reporting.rpc('reporting.assessment-rule.create', { ...SIMPLE, effectiveFrom: '2013-05-01', indicators: [{ ...SIMPLE.indicators[0]!, weight: '90' }] })).err;
    expect(sums?.errors).toEqual([
      { field: 'effectiveFrom', reason: 'must be the first day of a quarter (2013-04-01 for 2013-Q2): a version scores whole quarters' },
      { field: 'indicators', reason: 'the weights add up to 90.00; they must add up to 100' },
    ]);
    expect(await sql(`select count(*)::int as n from "${reporting.schema}"."assessment_rule"`)).toEqual([{ n: 3 }]);
    expect((await reporting.rpc('reporting.assessment.query', { node: SUBDISTRICT, quarter: '1999-Q4' })).err).toMatchObject({
      code: 'unprocessable',
      errors: [{ field: 'quarter', reason: 'no rule version is in force on 1999-10-01; the earliest starts later' }],
    });
  });

  it('records each new version as an event and in the audit trail', async () => {
    const outbox = await sql<{ type: string; event: { data: { version: number; quartersKept: string[] } } }>(
      `select "type", "event" from "${reporting.schema}"."outbox" where "type" = 'citygrid.assessment-rule.created.v1' order by "seq"`,
    );
    expect(outbox.map((o) => [o.event.data.version, o.event.data.quartersKept])).toEqual([
      [2, ['2013-Q1']],
      [3, []],
    ]);
    const audit = await sql<{ actor_id: string; action: string }>(`select "actor_id", "action" from "${reporting.schema}"."audit_log" where "entity_type" = 'assessment-rule' order by "id"`);
    expect(audit).toEqual([
      { actor_id: 'admin-1', action: 'citygrid.assessment-rule.created.v1' },
      { actor_id: 'admin-1', action: 'citygrid.assessment-rule.created.v1' },
    ]);
  });

  it('dead-letters a supervision event it cannot apply, changing no score', async () => {
    const before = await assess(SUBDISTRICT, '2013-Q2');
    const good = inspected(GRID_1_1, bj('2013-05-02'), { low: 0, medium: 0, high: 1 });
    const bad = { ...good, data: { ...good.data, findings: { low: 0, medium: 0, high: -1 } } };
    await reporting.publish(bad);
    const letter = await (async () => {
      for (let i = 0; i < 100; i++) {
        const page = await reporting.ok<{ items: Array<{ eventId: string; consumer: string; error: string }> }>('reporting.dead-letter.list', {});
        const found = page.items.find((d) => d.eventId === bad.id);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      return undefined;
    })();
    expect(letter).toMatchObject({ consumer: 'reporting-inspection', error: expect.stringContaining('invalid payload: findings.high') });
    expect({ ...(await assess(SUBDISTRICT, '2013-Q2')), computedAt: '' }).toEqual({ ...before, computedAt: '' });
  });
});
