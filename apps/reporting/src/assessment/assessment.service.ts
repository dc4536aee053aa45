import { assertAllowed } from '@citygrid/auth';
import { type Caller, Role } from '@citygrid/contracts/identity';
import {
  type AssessmentHeaderView,
  type AssessmentQuery,
  type AssessmentReportView,
  type AssessmentScoreView,
  type AssessmentSubjectKind,
  type KpiFiguresView,
  KpiGroupBy,
  type KpiReportView,
  RankingOf,
  type RankingQuery,
  type RankingReportView,
  type StaffAssignmentDaysView,
} from '@citygrid/contracts/reporting';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { KpisService } from '../kpis/kpis.service';
import { periodRange } from '../kpis/periods';
import { ReportingException } from '../shared/reporting.exception';
import { addDays, dayIn, daysBetween } from '../shared/work-day';
import { AssessmentRulesService, type QuarterRule } from './assessment-rules.service';
import { AssessmentRepository, type AssignmentRow } from './assessment.repository';
import { formatHundredths } from './decimal';
import { type NodeScore, outcomeOf, rank, type RuleBody, scoreNode, staffTotal, zeroFacts } from './scoring';

/** A node's KPIs of the quarter, where it sits in the subtree. */
interface NodeFigures {
  code: string;
  name: string | null;
  parentCode: string | null;
  /** 0 for a city, 1 a district … 5 a level-3 grid. */
  depth: number;
  figures: KpiFiguresView;
}

/** A scored subject with its total as a number, for ranking. */
interface Scored {
  view: AssessmentScoreView;
  total: bigint;
}

/** A whole subtree assessed: its header, the nodes (the one asked about first) and the staff. */
export interface Assessment {
  header: AssessmentHeaderView;
  rule: QuarterRule;
  nodes: Scored[];
  staff: Scored[];
}

/** Most KPI queries of a subtree in flight at once. */
const KPI_CONCURRENCY = 4;

const KIND_ORDER: readonly AssessmentSubjectKind[] = ['city', 'district', 'subdistrict', 'community', 'grid', 'staff'];

/** The kind and grid level of a node, from its code (6 digits: city at the top of a path, else district; 9 subdistrict; 12 community; 14 and 16 grids). */
function kindOf(code: string, depth: number): { kind: AssessmentSubjectKind; gridLevel: number | null } {
  switch (code.length) {
    case 6:
      return { kind: depth === 0 ? 'city' : 'district', gridLevel: null };
    case 9:
      return { kind: 'subdistrict', gridLevel: null };
    case 12:
      return { kind: 'community', gridLevel: null };
    default:
      return { kind: 'grid', gridLevel: code.length === 14 ? 2 : 3 };
  }
}

const maxInstant = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * Quantified assessment 量化考核 of a node's subtree in a quarter: every node beneath it (and the
 * node itself) scored from its KPIs, read through the KPI service with the caller's scope, and
 * from its supervision facts; every staff member assigned beneath it scored from the nodes they
 * were assigned to; each ranked within its parent; rewards and penalties as the rule version of
 * the quarter says. A caller sees its subtree only (404 beside it, as the KPIs); department
 * officers and API clients see no assessment.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly kpis: KpisService,
    private readonly rules: AssessmentRulesService,
    private readonly repo: AssessmentRepository,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  async report(caller: Caller, q: AssessmentQuery): Promise<AssessmentReportView> {
    return this.reportOf(await this.assess(caller, q));
  }

  async rankings(caller: Caller, q: RankingQuery): Promise<RankingReportView> {
    return this.rankingOf(await this.assess(caller, q), q.of ?? RankingOf.Children);
  }

  /** Every score of an assessment, and the reward and penalty list (rewards first, each by kind, level, parent and rank). */
  reportOf(a: Assessment): AssessmentReportView {
    const scores = [...a.nodes, ...a.staff].map((s) => s.view);
    const listed = (outcome: 'reward' | 'penalty'): AssessmentScoreView[] =>
      scores
        .filter((s) => s.outcome === outcome)
        .sort(
          (x, y) =>
            KIND_ORDER.indexOf(x.subject.kind) - KIND_ORDER.indexOf(y.subject.kind) ||
            (x.subject.gridLevel ?? 0) - (y.subject.gridLevel ?? 0) ||
            compareText(x.subject.parentCode ?? '', y.subject.parentCode ?? '') ||
            (x.rank ?? 0) - (y.rank ?? 0) ||
            compareText(x.subject.code, y.subject.code),
        );
    return { ...a.header, scores, rewardsAndPenalties: [...listed('reward'), ...listed('penalty')] };
  }

  /** One ranking of an assessment: the children or the staff of the node (ranked within it), or every level-3 grid beneath it (ranked in one list). */
  rankingOf(a: Assessment, of: RankingOf): RankingReportView {
    const root = a.header.node.code;
    const byRank = (rows: Scored[]): AssessmentScoreView[] =>
      [...rows].sort((x, y) => (x.view.rank ?? 0) - (y.view.rank ?? 0) || compareText(x.view.subject.code, y.view.subject.code)).map((r) => r.view);
    switch (of) {
      case RankingOf.Children:
        return { ...a.header, of, rows: byRank(a.nodes.filter((n) => n.view.subject.parentCode === root)) };
      case RankingOf.Staff:
        return { ...a.header, of, rows: byRank(a.staff) };
      case RankingOf.Grids:
        return {
          ...a.header,
          of,
          rows: byRank(
            ranked(
              a.rule.rule,
              a.nodes.filter((n) => n.view.subject.code !== root && n.view.subject.gridLevel === 3).map((n) => ({ ...n })),
            ),
          ),
        };
    }
  }

  /** Score the subtree of `q.node` in `q.quarter`. */
  async assess(caller: Caller, q: AssessmentQuery): Promise<Assessment> {
    assertAllowed(caller.kind === 'staff', 'Assessments score staff and their grids: staff accounts only.');
    assertAllowed(!caller.roles.includes(Role.DepartmentOfficer), 'Department officers see the cases of their department only; assessments count every case of an area.');
    const range = periodRange(q.quarter);
    if (!range) throw ReportingException.invalid([{ field: 'quarter', reason: 'must be a year and quarter, e.g. 2013-Q1' }]);
    // the KPI query checks the caller's scope (404 beside it) before anything is scored or recorded
    const top = await this.kpis.query(caller, { node: q.node, period: q.quarter, groupBy: KpiGroupBy.Child });
    const figures = await this.subtree(caller, top, q.quarter);
    const rule = await this.rules.forQuarter(q.quarter);
    const root = top.node.code;
    const [facts, assignments, caseAsOf, factsAsOf] = await Promise.all([
      this.repo.nodeFacts(root, range.from, range.to, rule.rule.failingSeverity),
      this.repo.assignmentsUnder(root),
      this.repo.caseDataAsOf(root),
      this.repo.factsDataAsOf(root),
    ]);
    const scores = new Map<string, NodeScore>(figures.map((n) => [n.code, scoreNode(rule.rule, n.figures, facts.get(n.code) ?? zeroFacts())]));
    const nodes = figures.map((n): Scored => {
      const s = scores.get(n.code) as NodeScore;
      return {
        total: s.total,
        view: {
          subject: { ...kindOf(n.code, n.depth), code: n.code, name: n.name, parentCode: n.parentCode, assignments: [] },
          base: formatHundredths(s.base),
          adjustment: formatHundredths(s.adjustment),
          total: formatHundredths(s.total),
          indicators: s.indicators,
          adjustments: s.adjustments,
          rank: null,
          rankOf: null,
          outcome: null,
        },
      };
    });
    // each node is ranked among its siblings; the node asked about is ranked nowhere (its siblings are not in view)
    const siblings = new Map<string, Scored[]>();
    for (const n of nodes) if (n.view.subject.parentCode !== null) siblings.set(n.view.subject.parentCode, [...(siblings.get(n.view.subject.parentCode) ?? []), n]);
    for (const group of siblings.values()) ranked(rule.rule, group);
    if (nodes[0]) nodes[0].view.outcome = outcomeOf(rule.rule, nodes[0].total, null);
    const staff = ranked(rule.rule, this.staffScores(root, range, assignments, scores));
    const header: AssessmentHeaderView = {
      node: top.node,
      quarter: q.quarter,
      period: top.period,
      rule: { id: rule.rule.id, version: rule.rule.version, name: rule.rule.name, effectiveFrom: rule.rule.effectiveFrom },
      scoredAt: rule.scoredAt,
      final: rule.final,
      dataAsOf: maxInstant(caseAsOf, factsAsOf),
      computedAt: new Date().toISOString(),
      rebuilding: top.rebuilding,
    };
    return { header, rule, nodes, staff };
  }

  /** The figures of every node of the subtree: the top's, then each level's children, read one parent at a time. */
  private async subtree(caller: Caller, top: KpiReportView, quarter: string): Promise<NodeFigures[]> {
    const depth0 = top.node.path.length - 1;
    const out: NodeFigures[] = [{ code: top.node.code, name: top.node.name, parentCode: null, depth: depth0, figures: top.figures }];
    let level: Array<{ report: KpiReportView; depth: number }> = [{ report: top, depth: depth0 }];
    while (level.length) {
      const children: NodeFigures[] = level.flatMap(({ report, depth }) => report.rows.map((r) => ({ code: r.key, name: r.name, parentCode: report.node.code, depth: depth + 1, figures: r.figures })));
      out.push(...children.sort((a, b) => compareText(a.code, b.code)));
      // level-3 grids (16 digits) have no children
      const parents = children.filter((c) => c.code.length < 16);
      const next: Array<{ report: KpiReportView; depth: number }> = [];
      for (let i = 0; i < parents.length; i += KPI_CONCURRENCY) {
        const chunk = parents.slice(i, i + KPI_CONCURRENCY);
        const reports = await Promise.all(chunk.map((p) => this.kpis.query(caller, { node: p.code, period: quarter, groupBy: KpiGroupBy.Child })));
        reports.forEach((report, j) => next.push({ report, depth: chunk[j]?.depth ?? 0 }));
      }
      level = next;
    }
    return out;
  }

  /**
   * Each staff member assigned in a scored role beneath `root` during the quarter: the mean of the
   * totals of the nodes they were assigned to, weighted by the days of the quarter they were
   * (from the day an assignment began to the day before it ended; an end not heard of is open).
   */
  private staffScores(root: string, range: { from: string; to: string }, rows: readonly AssignmentRow[], scores: ReadonlyMap<string, NodeScore>): Scored[] {
    const tz = this.env.WORK_TIME_ZONE;
    const byStaff = new Map<string, { name: string; namedAt: string; days: Map<string, { role: string; days: number }> }>();
    for (const r of rows) {
      const score = scores.get(r.nodeCode);
      if (!score) continue;
      const first = r.assignedAt && dayIn(r.assignedAt, tz) > range.from ? dayIn(r.assignedAt, tz) : range.from;
      const endDay = r.unassignedAt ? addDays(dayIn(r.unassignedAt, tz), -1) : range.to;
      const last = endDay < range.to ? endDay : range.to;
      const days = first <= last ? daysBetween(first, last) : 0;
      if (days <= 0) continue;
      const s = byStaff.get(r.staffId) ?? { name: r.staffName, namedAt: r.namedAt, days: new Map() };
      if (r.namedAt > s.namedAt) Object.assign(s, { name: r.staffName, namedAt: r.namedAt });
      const at = s.days.get(r.nodeCode);
      s.days.set(r.nodeCode, { role: at?.role ?? r.role, days: (at?.days ?? 0) + days });
      byStaff.set(r.staffId, s);
    }
    const out: Scored[] = [];
    for (const [staffId, s] of byStaff) {
      const assignments: StaffAssignmentDaysView[] = [...s.days]
        .sort(([a], [b]) => compareText(a, b))
        .map(([code, d]) => ({ code, role: d.role, days: Math.min(d.days, daysBetween(range.from, range.to)), total: formatHundredths(scores.get(code)?.total ?? 0n) }));
      const total = staffTotal(assignments.map((x) => ({ total: scores.get(x.code)?.total ?? 0n, days: x.days })));
      if (total === null) continue;
      out.push({
        total,
        view: {
          subject: { kind: 'staff', code: staffId, name: s.name, gridLevel: null, parentCode: root, assignments },
          base: formatHundredths(total),
          adjustment: '0.00',
          total: formatHundredths(total),
          indicators: [],
          adjustments: [],
          rank: null,
          rankOf: null,
          outcome: null,
        },
      });
    }
    return out.sort((a, b) => compareText(a.view.subject.name ?? '', b.view.subject.name ?? '') || compareText(a.view.subject.code, b.view.subject.code));
  }
}

/** Rank `group` among itself (setting rank, rankOf and outcome); returns it in its given order. */
function ranked(rule: RuleBody, group: Scored[]): Scored[] {
  const { ranks } = rank(group.map((g) => ({ key: g.view.subject.code, total: g.total })));
  for (const g of group) {
    const r = ranks.get(g.view.subject.code) ?? null;
    g.view = { ...g.view, rank: r, rankOf: group.length, outcome: outcomeOf(rule, g.total, r) };
  }
  return group;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
