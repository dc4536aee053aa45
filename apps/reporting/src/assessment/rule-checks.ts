/**
 * What a rule version must satisfy beyond the shape its DTO checks: weights adding up to 100, a
 * scale that goes the way its direction says, bands in order, items that count something, and an
 * effective date on the first day of a quarter. Each refusal names its field.
 */
import type { FieldError } from '@citygrid/contracts';
import { type AssessmentIndicatorDto, type AssessmentRuleBodyDto, type CreateAssessmentRuleDto, ScaleKind, ScoreDirection } from '@citygrid/contracts/reporting';

import { add, compare, HUNDRED, parseDecimal, toFixed2, ZERO } from './decimal';
import type { RuleBody } from './scoring';

/** The quarter a day falls in: `2013-04-17` → `2013-Q2`. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first day of a quarter: `2013-Q2` → `2013-04-01`. */
export function quarterStart(quarter: string): string {
  const q = Number(quarter.slice(6));
  return `${quarter.slice(0, 4)}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** The quarter after `quarter`: `2013-Q4` → `2014-Q1`. */
export function nextQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}

function indicatorViolations(ind: AssessmentIndicatorDto, at: string): FieldError[] {
  const out: FieldError[] = [];
  const higher = ind.direction === ScoreDirection.Higher;
  if (compare(parseDecimal(ind.weight), ZERO) <= 0) out.push({ field: `${at}.weight`, reason: 'must be more than 0' });
  if (ind.scale === ScaleKind.Linear) {
    if (ind.bands !== undefined) out.push({ field: `${at}.bands`, reason: 'is for a banded scale; a linear scale has best and worst' });
    if (ind.best !== undefined && ind.worst !== undefined) {
      const c = compare(parseDecimal(ind.best), parseDecimal(ind.worst));
      if (c === 0) out.push({ field: `${at}.best`, reason: 'must differ from worst' });
      else if (higher && c < 0) out.push({ field: `${at}.best`, reason: 'must be above worst when higher is better' });
      else if (!higher && c > 0) out.push({ field: `${at}.best`, reason: 'must be below worst when lower is better' });
    }
  } else {
    for (const k of ['best', 'worst'] as const) if (ind[k] !== undefined) out.push({ field: `${at}.${k}`, reason: 'is for a linear scale; a banded scale has bands' });
    (ind.bands ?? []).forEach((band, j) => {
      if (compare(parseDecimal(band.score), HUNDRED) > 0) out.push({ field: `${at}.bands[${j}].score`, reason: 'must be at most 100 (percent of the weight)' });
      const prev = ind.bands?.[j - 1];
      if (!prev) return;
      const c = compare(parseDecimal(band.threshold), parseDecimal(prev.threshold));
      if (higher && c >= 0) out.push({ field: `${at}.bands[${j}].threshold`, reason: 'must be below the band before it: bands run from the best down (higher is better)' });
      if (!higher && c <= 0) out.push({ field: `${at}.bands[${j}].threshold`, reason: 'must be above the band before it: bands run from the best down (lower is better)' });
    });
  }
  return out;
}

/** What is wrong with a rule version, field by field (empty when it may be created). */
export function ruleViolations(dto: CreateAssessmentRuleDto): FieldError[] {
  const out: FieldError[] = [];
  if (!/^\d{4}-(01|04|07|10)-01$/.test(dto.effectiveFrom)) {
    out.push({
      field: 'effectiveFrom',
      reason: `must be the first day of a quarter (${quarterStart(quarterOf(dto.effectiveFrom))} for ${quarterOf(dto.effectiveFrom)}): a version scores whole quarters`,
    });
  }
  const seen = new Map<string, number>();
  dto.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    if (seen.has(ind.key)) out.push({ field: `${at}.key`, reason: `${ind.key} is scored already by indicators[${seen.get(ind.key)}]` });
    else seen.set(ind.key, i);
    out.push(...indicatorViolations(ind, at));
  });
  const weights = dto.indicators.reduce((a, ind) => add(a, parseDecimal(ind.weight)), ZERO);
  if (compare(weights, HUNDRED) !== 0) out.push({ field: 'indicators', reason: `the weights add up to ${toFixed2(weights)}; they must add up to 100` });
  const facts = new Map<string, number>();
  dto.adjustments.forEach((adj, i) => {
    const at = `adjustments[${i}]`;
    if (facts.has(adj.fact)) out.push({ field: `${at}.fact`, reason: `${adj.fact} is counted already by adjustments[${facts.get(adj.fact)}]` });
    else facts.set(adj.fact, i);
    if (compare(parseDecimal(adj.points), ZERO) === 0) out.push({ field: `${at}.points`, reason: 'must not be 0: positive for a bonus, negative for a penalty' });
    if (adj.cap !== undefined && compare(parseDecimal(adj.cap), ZERO) <= 0) out.push({ field: `${at}.cap`, reason: 'must be more than 0 (leave it out for no cap)' });
  });
  if (dto.rewardMinScore !== undefined && dto.penaltyBelowScore !== undefined && compare(parseDecimal(dto.rewardMinScore), parseDecimal(dto.penaltyBelowScore)) < 0) {
    out.push({ field: 'rewardMinScore', reason: `must not be below penaltyBelowScore (${dto.penaltyBelowScore})` });
  }
  return out;
}

/** The body as stored: each indicator with only the fields of its scale, absent options as null. */
export function ruleBodyOf(dto: AssessmentRuleBodyDto): RuleBody {
  return {
    indicators: dto.indicators.map((ind) => ({
      key: ind.key,
      weight: ind.weight,
      direction: ind.direction,
      scale: ind.scale,
      ...(ind.scale === ScaleKind.Linear ? { best: ind.best, worst: ind.worst } : { bands: (ind.bands ?? []).map((b) => ({ threshold: b.threshold, score: b.score })) }),
      whenMissing: ind.whenMissing,
    })),
    adjustments: dto.adjustments.map((adj) => ({ fact: adj.fact, label: adj.label, points: adj.points, ...(adj.cap !== undefined ? { cap: adj.cap } : {}) })),
    failingSeverity: dto.failingSeverity,
    rewardTop: dto.rewardTop ?? null,
    rewardMinScore: dto.rewardMinScore ?? null,
    penaltyBelowScore: dto.penaltyBelowScore ?? null,
  };
}
