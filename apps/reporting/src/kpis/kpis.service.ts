import { assertAllowed, inScope } from '@citygrid/auth';
import { type Caller, Role } from '@citygrid/contracts/identity';
import {
  KPI_DEFINITIONS,
  type KpiDashboardQuery,
  type KpiDashboardView,
  type KpiDefinitionView,
  type KpiFiguresView,
  KpiGroupBy,
  type KpiQuery,
  type KpiReportView,
  type KpiRowView,
} from '@citygrid/contracts/reporting';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { NodeRecord } from '../read-models/node.entity';
import { ALL_CATEGORIES, zeroCounts } from '../read-models/projection';
import { ReportingException } from '../shared/reporting.exception';
import { addDays, dayIn } from '../shared/work-day';
import { figures } from './figures';
import { type GroupSums, KpiRepository } from './kpi.repository';
import { dashboardRanges, type DayRange, queryRange } from './periods';

const NO_SUMS: GroupSums = { counts: zeroCounts(), net: 0 };
const NO_KEY_LOCATIONS: ReadonlyMap<string, { covered: number; days: number }> = new Map();

/**
 * The KPIs of a node's subtree, a category and a period, read from the rollups. A caller sees its
 * own subtree only: another node answers 404, as one that does not exist. Department officers are
 * refused: the figures count every case of an area, and an officer may see only the cases
 * dispatched to its department.
 */
@Injectable()
export class KpisService {
  constructor(
    private readonly repo: KpiRepository,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  definitions(): KpiDefinitionView[] {
    return KPI_DEFINITIONS.map((d) => ({ ...d }));
  }

  async query(caller: Caller, q: KpiQuery): Promise<KpiReportView> {
    const range = queryRange(q);
    if (Array.isArray(range)) throw ReportingException.invalid(range);
    const node = await this.visibleNode(caller, q.node);
    const category = q.category ?? null;
    const tz = this.env.WORK_TIME_ZONE;
    // patrol coverage counts the days that have happened
    const coverTo = minDay(range.to, dayIn(new Date(), tz));
    const [figures, rebuilding] = await Promise.all([this.totals(node.code, category, range, coverTo), this.repo.rebuilding()]);
    const report: KpiReportView = {
      node: { code: node.code, name: node.name, path: [...node.path] },
      category,
      period: { from: range.from, to: range.to, label: range.label, timeZone: tz },
      groupBy: q.groupBy ?? null,
      figures,
      rows: [],
      computedAt: new Date().toISOString(),
      rebuilding,
    };
    if (q.groupBy) report.rows = await this.rows(q.groupBy, node.code, category, range, coverTo);
    return report;
  }

  /**
   * Today, this week, month, quarter and year of a node (working time zone), for the console's
   * dashboard and the live feed: five reads of the rollups, milliseconds whatever the number of cases.
   */
  async dashboard(caller: Caller, q: KpiDashboardQuery): Promise<KpiDashboardView> {
    const node = await this.visibleNode(caller, q.node);
    const category = q.category ?? null;
    const tz = this.env.WORK_TIME_ZONE;
    const today = dayIn(new Date(), tz);
    const ranges = dashboardRanges(today);
    const [rebuilding, periods] = await Promise.all([
      this.repo.rebuilding(),
      Promise.all(
        ranges.map(async (p) => ({
          key: p.key,
          period: { from: p.range.from, to: p.range.to, label: p.range.label, timeZone: tz },
          figures: await this.totals(node.code, category, p.range, minDay(p.range.to, today)),
        })),
      ),
    ]);
    return {
      node: { code: node.code, name: node.name, path: [...node.path] },
      category,
      periods,
      computedAt: new Date().toISOString(),
      rebuilding,
    };
  }

  /** The node, when the caller may read its figures: department officers never; others within their subtree (404 outside, as for a node that does not exist). */
  private async visibleNode(caller: Caller, code: string): Promise<NodeRecord> {
    assertAllowed(!caller.roles.includes(Role.DepartmentOfficer), 'Department officers see the cases of their department only; the figures count every case of an area.');
    const node = await this.repo.node(code);
    if (!node || !inScope(caller, node.path)) throw ReportingException.notFound('Node', code);
    return node;
  }

  /** The totals of a node's subtree, a category (or all) and a range; patrol coverage counted up to `coverTo`. */
  private async totals(node: string, category: string | null, range: DayRange, coverTo: string): Promise<KpiFiguresView> {
    const sel = { nodes: [node], categories: { codes: [category ?? ALL_CATEGORIES] }, from: range.from, to: range.to, by: 'none' as const };
    // patrols and visits are counted under `*` only (field work has no category): with a category they are null
    const [sums, hours, overdue, gridDays, keyLocations] = await Promise.all([
      this.repo.sums(sel),
      this.repo.closeHours(sel),
      this.repo.overdueNow(node, category, 'none'),
      category === null ? this.repo.gridDays([node], range.from, coverTo, 'none') : Promise.resolve(new Map<string, number>()),
      category === null ? this.repo.keyLocationDays([node], range.from, coverTo, 'none') : Promise.resolve(NO_KEY_LOCATIONS),
    ]);
    const total = sums.get('') ?? NO_SUMS;
    return figures({
      counts: total.counts,
      open: total.net,
      buckets: hours.get('') ?? new Map(),
      overdueNow: overdue.get('') ?? 0,
      gridDays: category === null ? (gridDays.get('') ?? 0) : null,
      keyLocations: category === null ? (keyLocations.get('') ?? null) : null,
    });
  }

  private async rows(groupBy: KpiGroupBy, node: string, category: string | null, range: DayRange, coverTo: string): Promise<KpiRowView[]> {
    switch (groupBy) {
      case KpiGroupBy.Child:
        return this.childRows(node, category, range, coverTo);
      case KpiGroupBy.Category:
        return this.categoryRows(node, category, range);
      case KpiGroupBy.Day:
      case KpiGroupBy.Month:
        return this.timeRows(groupBy, node, category, range, coverTo);
    }
  }

  private async childRows(node: string, category: string | null, range: DayRange, coverTo: string): Promise<KpiRowView[]> {
    const children = await this.repo.children(node);
    if (!children.length) return [];
    const codes = children.map((c) => c.code);
    const sel = { nodes: codes, categories: { codes: [category ?? ALL_CATEGORIES] }, from: range.from, to: range.to, by: 'node' as const };
    const [sums, hours, overdue, gridDays, keyLocations] = await Promise.all([
      this.repo.sums(sel),
      this.repo.closeHours(sel),
      this.repo.overdueNow(node, category, 'node'),
      category === null ? this.repo.gridDays(codes, range.from, coverTo, 'node') : Promise.resolve(new Map<string, number>()),
      category === null ? this.repo.keyLocationDays(codes, range.from, coverTo, 'node') : Promise.resolve(NO_KEY_LOCATIONS),
    ]);
    return children.map((c) => {
      const s = sums.get(c.code) ?? NO_SUMS;
      return {
        key: c.code,
        name: c.name,
        figures: figures({
          counts: s.counts,
          open: s.net,
          buckets: hours.get(c.code) ?? new Map(),
          overdueNow: overdue.get(c.code) ?? 0,
          gridDays: category === null ? (gridDays.get(c.code) ?? 0) : null,
          keyLocations: category === null ? (keyLocations.get(c.code) ?? null) : null,
        }),
      };
    });
  }

  private async categoryRows(node: string, category: string | null, range: DayRange): Promise<KpiRowView[]> {
    const sel = { nodes: [node], categories: { childrenOf: category }, from: range.from, to: range.to, by: 'category' as const };
    const [sums, hours, overdue, known] = await Promise.all([
      this.repo.sums(sel),
      this.repo.closeHours(sel),
      this.repo.overdueNow(node, category, 'category'),
      this.repo.knownChildCategories(category),
    ]);
    const codes = [...new Set([...known, ...sums.keys()])].sort();
    const names = await this.repo.categoryNames(codes);
    return codes.map((code) => {
      const s = sums.get(code) ?? NO_SUMS;
      return {
        key: code,
        name: names.get(code) ?? null,
        figures: figures({ counts: s.counts, open: s.net, buckets: hours.get(code) ?? new Map(), overdueNow: overdue.get(code) ?? 0, gridDays: null, keyLocations: null }),
      };
    });
  }

  /** One row per day or month of the period; `open` is the count at the end of each. */
  private async timeRows(groupBy: KpiGroupBy.Day | KpiGroupBy.Month, node: string, category: string | null, range: DayRange, coverTo: string): Promise<KpiRowView[]> {
    const by = groupBy === KpiGroupBy.Day ? 'day' : 'month';
    const categories = { codes: [category ?? ALL_CATEGORIES] };
    const sel = { nodes: [node], categories, from: range.from, to: range.to, by } as const;
    const [sums, hours, openBefore, gridDays, keyLocations] = await Promise.all([
      this.repo.sums(sel),
      this.repo.closeHours(sel),
      this.repo.openBefore([node], categories, range.from),
      category === null ? this.repo.gridDays([node], range.from, coverTo, by) : Promise.resolve(new Map<string, number>()),
      category === null ? this.repo.keyLocationDays([node], range.from, coverTo, by) : Promise.resolve(NO_KEY_LOCATIONS),
    ]);
    let open = openBefore;
    return bucketsOf(range, by).map((key) => {
      const s = sums.get(key) ?? NO_SUMS;
      open += s.net;
      return {
        key,
        name: null,
        figures: figures({
          counts: s.counts,
          open,
          buckets: hours.get(key) ?? new Map(),
          overdueNow: null,
          gridDays: category === null ? (gridDays.get(key) ?? 0) : null,
          keyLocations: category === null ? (keyLocations.get(key) ?? null) : null,
        }),
      };
    });
  }
}

function minDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The days (`YYYY-MM-DD`) or months (`YYYY-MM`) of a range, in order. */
function bucketsOf(range: DayRange, by: 'day' | 'month'): string[] {
  const out: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const key = by === 'day' ? day : day.slice(0, 7);
    if (out.at(-1) !== key) out.push(key);
  }
  return out;
}
