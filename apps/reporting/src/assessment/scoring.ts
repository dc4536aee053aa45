/**
 * How a rule scores a node from its KPIs and facts, and a staff member from their nodes; how
 * scores rank and who is rewarded or penalised. Pure functions over exact fractions: a score is
 * rounded half-up to hundredths once per indicator and item, and the total is the exact sum of
 * what is shown, so a reader can add a report up.
 */
import type { AdjustmentScoreView, AssessmentIndicatorDto, AssessmentOutcome, AssessmentRuleView, IndicatorScoreView, KpiFiguresView, RateView } from '@citygrid/contracts/reporting';
import { AssessmentFact, KPI_DEFINITIONS, MissingValue, ScaleKind, ScoreDirection } from '@citygrid/contracts/reporting';

import { clamp, compare, div, type Fraction, fraction, HUNDRED, mul, ONE, parseDecimal, sub, toFixed2, toHundredths, ZERO } from './decimal';

/** The counts of a quarter only assessment keeps (supervision and inspections), for one node. */
export type NodeFacts = Record<AssessmentFact, number>;

export function zeroFacts(): NodeFacts {
  return Object.fromEntries(Object.values(AssessmentFact).map((f) => [f, 0])) as NodeFacts;
}

/** What a rule needs of a version: everything but its name and dates. */
export type RuleBody = Pick<AssessmentRuleView, 'indicators' | 'adjustments' | 'failingSeverity' | 'rewardTop' | 'rewardMinScore' | 'penaltyBelowScore'>;

const KPI = new Map(KPI_DEFINITIONS.map((d) => [d.key, d]));

function isRate(value: unknown): value is RateView {
  return typeof value === 'object' && value !== null && 'numerator' in value && 'denominator' in value;
}

/**
 * The value of KPI `key` in `figures`, exactly: a rate in percent (`numerator × 100 / denominator`,
 * not the rounded percent), a count, or hours; null when it is undefined (a rate over 0, hours of
 * no closing, a figure not given).
 */
export function indicatorValue(figures: KpiFiguresView, key: string): Fraction | null {
  const value: unknown = (figures as unknown as Record<string, unknown>)[key];
  if (value === null || value === undefined) return null;
  if (isRate(value)) return value.denominator === 0 ? null : div(fraction(BigInt(value.numerator) * 100n), fraction(value.denominator));
  if (typeof value === 'number') return fraction(value);
  if (typeof value === 'string') return parseDecimal(value);
  return null;
}

/** How a value is shown: a rate or hours to 2 places, a count as it is. */
export function formatValue(key: string, value: Fraction | null): string | null {
  if (value === null) return null;
  return KPI.get(key)?.kind === 'count' ? value.n.toString() : toFixed2(value);
}

/** The share of its weight (0 to 1) an indicator earns with `value`. */
export function indicatorShare(indicator: AssessmentIndicatorDto, value: Fraction | null): Fraction {
  if (value === null) return indicator.whenMissing === MissingValue.Full ? ONE : ZERO;
  const higher = indicator.direction === ScoreDirection.Higher;
  if (indicator.scale === ScaleKind.Linear) {
    const best = parseDecimal(indicator.best ?? '0');
    const worst = parseDecimal(indicator.worst ?? '0');
    // (value − worst) / (best − worst) holds for either direction: best lies above worst when higher is better, below when lower is
    return clamp(div(sub(value, worst), sub(best, worst)), ZERO, ONE);
  }
  for (const band of indicator.bands ?? []) {
    const c = compare(value, parseDecimal(band.threshold));
    if (higher ? c >= 0 : c <= 0) return div(parseDecimal(band.score), HUNDRED);
  }
  return ZERO;
}

/** How many times a fact occurred: an assessment fact, or a KPI count. */
export function factCount(fact: string, figures: KpiFiguresView, facts: NodeFacts): number {
  if ((Object.values(AssessmentFact) as string[]).includes(fact)) return facts[fact as AssessmentFact];
  const value: unknown = (figures as unknown as Record<string, unknown>)[fact];
  return typeof value === 'number' ? value : 0;
}

/** A node's score under a rule, in hundredths where it is a number. */
export interface NodeScore {
  base: bigint;
  adjustment: bigint;
  total: bigint;
  indicators: IndicatorScoreView[];
  adjustments: AdjustmentScoreView[];
}

export function scoreNode(rule: RuleBody, figures: KpiFiguresView, facts: NodeFacts): NodeScore {
  const indicators = rule.indicators.map((ind): IndicatorScoreView & { hundredths: bigint } => {
    const value = indicatorValue(figures, ind.key);
    const share = indicatorShare(ind, value);
    const hundredths = toHundredths(mul(parseDecimal(ind.weight), share));
    return {
      key: ind.key,
      nameZh: KPI.get(ind.key)?.nameZh ?? ind.key,
      weight: ind.weight,
      value: formatValue(ind.key, value),
      score: toFixed2(mul(share, HUNDRED)),
      points: toFixed2(fraction(hundredths, 100n)),
      hundredths,
    };
  });
  const adjustments = rule.adjustments.map((adj): AdjustmentScoreView & { hundredths: bigint } => {
    const count = factCount(adj.fact, figures, facts);
    let hundredths = toHundredths(mul(parseDecimal(adj.points), fraction(count)));
    if (adj.cap !== undefined) {
      const cap = toHundredths(parseDecimal(adj.cap));
      if (hundredths > cap) hundredths = cap;
      if (hundredths < -cap) hundredths = -cap;
    }
    return { fact: adj.fact, label: adj.label, count, points: toFixed2(fraction(hundredths, 100n)), hundredths };
  });
  const base = indicators.reduce((a, i) => a + i.hundredths, 0n);
  const adjustment = adjustments.reduce((a, i) => a + i.hundredths, 0n);
  const total = base + adjustment < 0n ? 0n : base + adjustment;
  return {
    base,
    adjustment,
    total,
    indicators: indicators.map(({ hundredths: _h, ...view }) => view),
    adjustments: adjustments.map(({ hundredths: _h, ...view }) => view),
  };
}

/** A staff member's total: the mean of their nodes' totals weighted by the days they were assigned there, rounded half-up. Null without a day. */
export function staffTotal(assignments: ReadonlyArray<{ total: bigint; days: number }>): bigint | null {
  const days = assignments.reduce((a, x) => a + x.days, 0);
  if (days <= 0) return null;
  const weighted = assignments.reduce((a, x) => a + x.total * BigInt(x.days), 0n);
  return toHundredths(fraction(weighted, BigInt(days) * 100n));
}

/**
 * Competition ranking (1, 2, 2, 4) by total, highest first; `order` lists the keys best first,
 * ties by key, so that a ranking always comes out in one order.
 */
export function rank<K extends string>(items: ReadonlyArray<{ key: K; total: bigint }>): { order: K[]; ranks: Map<K, number> } {
  const sorted = [...items].sort((a, b) => (a.total === b.total ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.total > b.total ? -1 : 1));
  const ranks = new Map<K, number>();
  sorted.forEach((item, i) => {
    const prev = sorted[i - 1];
    ranks.set(item.key, prev && prev.total === item.total ? (ranks.get(prev.key) ?? i + 1) : i + 1);
  });
  return { order: sorted.map((s) => s.key), ranks };
}

/**
 * Reward or penalty under the rule: penalised below `penaltyBelowScore` (and then never
 * rewarded); rewarded when within `rewardTop` and at least `rewardMinScore`, each when given, and
 * at least one of them given. `rank` is null for an unranked subject (never rewarded by rank).
 */
export function outcomeOf(rule: RuleBody, total: bigint, rank: number | null): AssessmentOutcome | null {
  if (rule.penaltyBelowScore !== null && total < toHundredths(parseDecimal(rule.penaltyBelowScore))) return 'penalty';
  if (rule.rewardTop === null && rule.rewardMinScore === null) return null;
  if (rule.rewardTop !== null && (rank === null || rank > rule.rewardTop)) return null;
  if (rule.rewardMinScore !== null && total < toHundredths(parseDecimal(rule.rewardMinScore))) return null;
  return 'reward';
}
