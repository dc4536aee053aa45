import { ErrorCode } from '@citygrid/contracts';
import { type Caller, Role } from '@citygrid/contracts/identity';
import {
  AssessmentFact,
  type AssessmentRuleView,
  type KpiFiguresView,
  KpiGroupBy,
  type KpiQuery,
  type KpiReportView,
  MissingValue,
  RankingOf,
  ScaleKind,
  ScoreDirection,
} from '@citygrid/contracts/reporting';

import { loadReportingEnv } from '../config';
import type { KpisService } from '../kpis/kpis.service';
import { ReportingException } from '../shared/reporting.exception';
import type { AssessmentRulesService, QuarterRule } from './assessment-rules.service';
import type { AssessmentRepository, AssignmentRow } from './assessment.repository';
import { AssessmentService } from './assessment.service';
import { type NodeFacts, zeroFacts } from './scoring';

const S = '410102005';
const C1 = `${S}001`;
const C2 = `${S}002`;
const G1 = `${C1}01`;
const G11 = `${G1}01`;
const G12 = `${G1}02`;
const pathOf = (code: string): string[] => ['410100', ...[6, 9, 12, 14, 16].filter((l) => l <= code.length).map((l) => code.slice(0, l))];

/** Figures where only the closure rate matters to the rule below. */
function figures(closed: number, found: number): KpiFiguresView {
  const zero = { numerator: 0, denominator: 0, percent: null };
  return {
    found,
    filed: found,
    rejected: 0,
    dispatched: 0,
    handled: 0,
    closed,
    due: 0,
    closedOnTime: 0,
    overdueNow: 0,
    reworked: 0,
    escalated: 0,
    reopened: 0,
    verified: 0,
    verifiedOnTime: 0,
    open: 0,
    closureRate: { numerator: closed, denominator: found, percent: null },
    onTimeRate: zero,
    reworkRate: zero,
    filingRate: zero,
    verificationOnTimeRate: zero,
    avgHoursToClose: null,
    p90HoursToClose: null,
    avgWorkingHoursToClose: null,
    p90WorkingHoursToClose: null,
    patrols: 0,
    patrolCoverage: zero,
    visits: 0,
    keyLocationCoverage: null,
  };
}

/** The tree and each node's closure: S (3 of 4) → C1 (9/10) → G1 (9/10) → G11 (5/5), G12 (4/5); C2 (9/10). */
const TREE: Record<string, { name: string; figures: KpiFiguresView; children: string[] }> = {
  [S]: { name: '林山寨街道', figures: figures(3, 4), children: [C1, C2] },
  [C1]: { name: '一社区', figures: figures(9, 10), children: [G1] },
  [C2]: { name: '二社区', figures: figures(9, 10), children: [] },
  [G1]: { name: '一网格', figures: figures(9, 10), children: [G11, G12] },
  [G11]: { name: '一一网格', figures: figures(5, 5), children: [] },
  [G12]: { name: '一二网格', figures: figures(4, 5), children: [] },
};

const RULE: AssessmentRuleView = {
  id: '6b1f3c1e-2d4a-4c8e-9a57-1f0c2b3d4e51',
  version: 2,
  name: '测试细则',
  description: '',
  effectiveFrom: '2013-01-01',
  indicators: [{ key: 'closureRate', weight: '100', direction: ScoreDirection.Higher, scale: ScaleKind.Linear, best: '100', worst: '0', whenMissing: MissingValue.Full }],
  adjustments: [{ fact: AssessmentFact.SupervisionFlags, label: '被督办', points: '-2' }],
  failingSeverity: 'high',
  rewardTop: 1,
  rewardMinScore: null,
  penaltyBelowScore: '85',
  createdAt: '2013-01-01T00:00:00.000Z',
  createdBy: 'system',
};

const ADMIN: Caller = { id: 'admin', kind: 'staff', name: 'admin', roles: [Role.SystemAdmin], nodeScope: null, departmentCode: null, staffId: null, scopes: [] };

class FakeKpis {
  readonly asked: KpiQuery[] = [];
  async query(caller: Caller, q: KpiQuery): Promise<KpiReportView> {
    this.asked.push(q);
    const node = TREE[q.node];
    const visible = caller.nodeScope === null || q.node.startsWith(caller.nodeScope);
    if (!node || !visible) throw ReportingException.notFound('Node', q.node);
    return {
      node: { code: q.node, name: node.name, path: pathOf(q.node) },
      category: null,
      period: { from: '2013-01-01', to: '2013-03-31', label: q.period ?? null, timeZone: 'Asia/Shanghai' },
      groupBy: q.groupBy ?? null,
      figures: node.figures,
      rows: node.children.map((c) => ({ key: c, name: TREE[c]?.name ?? null, figures: (TREE[c] as { figures: KpiFiguresView }).figures })),
      computedAt: '2026-12-04T00:00:00.000Z',
      rebuilding: false,
    };
  }
}

class FakeRules {
  asked = 0;
  async forQuarter(): Promise<QuarterRule> {
    this.asked++;
    return { rule: RULE, scoredAt: '2013-04-02T00:00:00.000Z', final: true };
  }
}

const assignment = (staffId: string, staffName: string, nodeCode: string, assignedAt: string | null, unassignedAt: string | null): AssignmentRow => ({
  assignmentId: `${staffId}-${nodeCode}`,
  staffId,
  staffName,
  namedAt: assignedAt ?? '2012-01-01T00:00:00.000Z',
  nodeCode,
  role: 'grid_member',
  assignedAt,
  unassignedAt,
});

class FakeRepo {
  facts = new Map<string, NodeFacts>();
  assignments: AssignmentRow[] = [];
  async nodeFacts(): Promise<Map<string, NodeFacts>> {
    return this.facts;
  }
  async assignmentsUnder(): Promise<AssignmentRow[]> {
    return this.assignments;
  }
  async caseDataAsOf(): Promise<string | null> {
    return '2013-03-30T02:00:00.000Z';
  }
  async factsDataAsOf(): Promise<string | null> {
    return '2013-03-31T02:00:00.000Z';
  }
}

describe('AssessmentService', () => {
  let kpis: FakeKpis;
  let rules: FakeRules;
  let repo: FakeRepo;
  let sut: AssessmentService;

  beforeEach(() => {
    kpis = new FakeKpis();
    rules = new FakeRules();
    repo = new FakeRepo();
    // one flag in G12: −2, so G12 scores 78 and C1, S lose 2 as well
    repo.facts.set(G12, { ...zeroFacts(), [AssessmentFact.SupervisionFlags]: 1 });
    repo.facts.set(G1, { ...zeroFacts(), [AssessmentFact.SupervisionFlags]: 1 });
    repo.facts.set(C1, { ...zeroFacts(), [AssessmentFact.SupervisionFlags]: 1 });
    repo.facts.set(S, { ...zeroFacts(), [AssessmentFact.SupervisionFlags]: 1 });
    sut = new AssessmentService(kpis as unknown as KpisService, rules as unknown as AssessmentRulesService, repo as unknown as AssessmentRepository, loadReportingEnv({}, {}));
  });

  it('scores the node and every node beneath it, read one parent at a time, in level and code order', async () => {
    const r = await sut.report(ADMIN, { node: S, quarter: '2013-Q1' });
    expect(kpis.asked.map((q) => [q.node, q.period, q.groupBy])).toEqual([
      [S, '2013-Q1', KpiGroupBy.Child],
      [C1, '2013-Q1', KpiGroupBy.Child],
      [C2, '2013-Q1', KpiGroupBy.Child],
      [G1, '2013-Q1', KpiGroupBy.Child],
    ]);
    expect(r.scores.map((s) => [s.subject.kind, s.subject.code, s.subject.gridLevel, s.total, s.rank, s.rankOf, s.outcome])).toEqual([
      ['subdistrict', S, null, '73.00', null, null, 'penalty'],
      ['community', C1, null, '88.00', 2, 2, null],
      ['community', C2, null, '90.00', 1, 2, 'reward'],
      ['grid', G1, 2, '88.00', 1, 1, 'reward'],
      ['grid', G11, 3, '100.00', 1, 2, 'reward'],
      ['grid', G12, 3, '78.00', 2, 2, 'penalty'],
    ]);
    expect(r.scores[5]).toMatchObject({ base: '80.00', adjustment: '-2.00', adjustments: [{ fact: 'supervisionFlags', count: 1, points: '-2.00' }] });
    expect(r.rewardsAndPenalties.map((s) => [s.subject.code, s.outcome])).toEqual([
      [C2, 'reward'],
      [G1, 'reward'],
      [G11, 'reward'],
      [S, 'penalty'],
      [G12, 'penalty'],
    ]);
    expect(r).toMatchObject({
      quarter: '2013-Q1',
      rule: { version: 2, name: '测试细则', effectiveFrom: '2013-01-01' },
      scoredAt: '2013-04-02T00:00:00.000Z',
      final: true,
      dataAsOf: '2013-03-31T02:00:00.000Z',
    });
  });

  it('scores staff by the days of the quarter at each node, an assignment counting to the day before it ended', async () => {
    repo.assignments = [
      // G11 (100) all quarter from before it began
      assignment('00000000-0000-4000-8000-000000000001', '王芳', G11, '2012-06-01T00:00:00.000Z', null),
      // G11 (100) 1 Jan … 30 Jan (ended on 31 Jan, Beijing time), then G12 (78) 31 Jan … 31 Mar: (100 × 30 + 78 × 60) / 90 = 85.33
      assignment('00000000-0000-4000-8000-000000000002', '李强', G11, '2012-06-01T00:00:00.000Z', '2013-01-31T01:00:00.000Z'),
      assignment('00000000-0000-4000-8000-000000000002', '李强', G12, '2013-01-31T01:00:00.000Z', null),
      // ended before the quarter: not scored
      assignment('00000000-0000-4000-8000-000000000003', '赵敏', G12, '2012-01-01T00:00:00.000Z', '2012-12-01T00:00:00.000Z'),
      // at a node reporting does not know: not scored there
      assignment('00000000-0000-4000-8000-000000000004', '孙丽', `${C2}09`, null, null),
    ];
    const r = await sut.report(ADMIN, { node: S, quarter: '2013-Q1' });
    const staff = r.scores.filter((s) => s.subject.kind === 'staff');
    expect(staff.map((s) => [s.subject.name, s.total, s.rank, s.subject.parentCode, s.subject.assignments.map((a) => [a.code, a.days, a.total])])).toEqual([
      [
        '李强',
        '85.33',
        2,
        S,
        [
          [G11, 30, '100.00'],
          [G12, 60, '78.00'],
        ],
      ],
      ['王芳', '100.00', 1, S, [[G11, 90, '100.00']]],
    ]);
  });

  it('ranks the children, every level-3 grid or the staff of a node', async () => {
    repo.assignments = [assignment('00000000-0000-4000-8000-000000000001', '王芳', G11, null, null)];
    const children = await sut.rankings(ADMIN, { node: S, quarter: '2013-Q1' });
    expect(children.rows.map((s) => [s.subject.code, s.rank])).toEqual([
      [C2, 1],
      [C1, 2],
    ]);
    const grids = await sut.rankings(ADMIN, { node: S, quarter: '2013-Q1', of: RankingOf.Grids });
    expect(grids.rows.map((s) => [s.subject.code, s.rank, s.rankOf])).toEqual([
      [G11, 1, 2],
      [G12, 2, 2],
    ]);
    const staff = await sut.rankings(ADMIN, { node: C1, quarter: '2013-Q1', of: RankingOf.Staff });
    expect(staff.rows.map((s) => [s.subject.name, s.rank, s.outcome])).toEqual([['王芳', 1, 'reward']]);
  });

  it('shows a caller its subtree only, and looks the quarter up only once the node is in scope', async () => {
    const operator: Caller = { ...ADMIN, id: 'op', roles: [Role.CommunityOperator], nodeScope: C2 };
    await expect(sut.report(operator, { node: C1, quarter: '2013-Q1' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(rules.asked).toBe(0);
    const own = await sut.report(operator, { node: C2, quarter: '2013-Q1' });
    expect(own.scores.map((s) => s.subject.code)).toEqual([C2]);
  });

  it('refuses department officers and API clients, and a quarter that is none', async () => {
    const officer: Caller = { ...ADMIN, roles: [Role.DepartmentOfficer], nodeScope: S, departmentCode: 'lsz-police' };
    await expect(sut.report(officer, { node: S, quarter: '2013-Q1' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    const client: Caller = { ...ADMIN, kind: 'client', roles: [Role.ApiClient], nodeScope: S };
    await expect(sut.report(client, { node: S, quarter: '2013-Q1' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(sut.report(ADMIN, { node: S, quarter: '2013-Q5' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'quarter' }] });
    expect(kpis.asked).toEqual([]);
  });
});
