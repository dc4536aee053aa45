import { AssessmentFact, type AssessmentIndicatorDto, type KpiFiguresView, MissingValue, ScaleKind, ScoreDirection } from '@citygrid/contracts/reporting';

import { fraction } from './decimal';
import { factCount, formatValue, indicatorShare, indicatorValue, outcomeOf, rank, type RuleBody, scoreNode, staffTotal, zeroFacts } from './scoring';

const rate = (numerator: number, denominator: number) => ({ numerator, denominator, percent: null });

/** Figures of a node; only what a test sets matters. */
function figures(over: Partial<KpiFiguresView> = {}): KpiFiguresView {
  return {
    found: 0,
    filed: 0,
    rejected: 0,
    dispatched: 0,
    handled: 0,
    closed: 0,
    due: 0,
    closedOnTime: 0,
    overdueNow: 0,
    reworked: 0,
    escalated: 0,
    reopened: 0,
    verified: 0,
    verifiedOnTime: 0,
    open: 0,
    closureRate: rate(0, 0),
    onTimeRate: rate(0, 0),
    reworkRate: rate(0, 0),
    filingRate: rate(0, 0),
    verificationOnTimeRate: rate(0, 0),
    avgHoursToClose: null,
    p90HoursToClose: null,
    avgWorkingHoursToClose: null,
    p90WorkingHoursToClose: null,
    patrols: 0,
    patrolCoverage: rate(0, 0),
    visits: 0,
    keyLocationCoverage: null,
    ...over,
  };
}

const linear = (key: string, weight: string, direction: ScoreDirection, best: string, worst: string, whenMissing = MissingValue.Full): AssessmentIndicatorDto => ({
  key,
  weight,
  direction,
  scale: ScaleKind.Linear,
  best,
  worst,
  whenMissing,
});

const RULE: RuleBody = {
  indicators: [
    linear('closureRate', '30', ScoreDirection.Higher, '100', '80'),
    {
      key: 'onTimeRate',
      weight: '25',
      direction: ScoreDirection.Higher,
      scale: ScaleKind.Bands,
      bands: [
        { threshold: '95', score: '100' },
        { threshold: '90', score: '80' },
        { threshold: '80', score: '50' },
      ],
      whenMissing: MissingValue.Full,
    },
    linear('reworkRate', '15', ScoreDirection.Lower, '0', '20'),
    linear('patrolCoverage', '20', ScoreDirection.Higher, '100', '60', MissingValue.Zero),
    {
      key: 'avgHoursToClose',
      weight: '10',
      direction: ScoreDirection.Lower,
      scale: ScaleKind.Bands,
      bands: [
        { threshold: '24', score: '100' },
        { threshold: '48', score: '80' },
      ],
      whenMissing: MissingValue.Full,
    },
  ],
  adjustments: [
    { fact: AssessmentFact.SupervisionFlags, label: '被督办', points: '-1', cap: '10' },
    { fact: AssessmentFact.InspectionsClean, label: '督查无问题', points: '1', cap: '3' },
    { fact: 'reopened', label: '重新打开', points: '-0.5' },
  ],
  failingSeverity: 'high',
  rewardTop: 3,
  rewardMinScore: '90',
  penaltyBelowScore: '60',
};

describe('indicatorValue', () => {
  it('takes a rate exactly from its fraction, not from the rounded percent', () => {
    const v = indicatorValue(figures({ closureRate: { numerator: 15758, denominator: 15882, percent: '99.22' } }), 'closureRate');
    expect(v).toEqual(fraction(15758 * 100, 15882));
    expect(formatValue('closureRate', v)).toBe('99.22');
  });

  it('is null for a rate over nothing and for hours of no closing; counts and hours as given', () => {
    expect(indicatorValue(figures(), 'closureRate')).toBeNull();
    expect(indicatorValue(figures(), 'avgHoursToClose')).toBeNull();
    expect(indicatorValue(figures({ avgHoursToClose: '30.50' }), 'avgHoursToClose')).toEqual(fraction(61, 2));
    expect(formatValue('found', indicatorValue(figures({ found: 12 }), 'found'))).toBe('12');
  });
});

describe('indicatorShare', () => {
  const closure = RULE.indicators[0]!;
  const onTime = RULE.indicators[1]!;
  const rework = RULE.indicators[2]!;

  it('scales linearly between worst and best, clamped, for either direction', () => {
    expect(indicatorShare(closure, fraction(90))).toEqual(fraction(1, 2));
    expect(indicatorShare(closure, fraction(100))).toEqual(fraction(1));
    expect(indicatorShare(closure, fraction(70))).toEqual(fraction(0));
    expect(indicatorShare(rework, fraction(5))).toEqual(fraction(3, 4));
    expect(indicatorShare(rework, fraction(25))).toEqual(fraction(0));
    expect(indicatorShare(rework, fraction(0))).toEqual(fraction(1));
  });

  it('gives the first band reached, and nothing below every band', () => {
    expect(indicatorShare(onTime, fraction(95))).toEqual(fraction(1));
    expect(indicatorShare(onTime, fraction(9499, 100))).toEqual(fraction(4, 5));
    expect(indicatorShare(onTime, fraction(80))).toEqual(fraction(1, 2));
    expect(indicatorShare(onTime, fraction(7999, 100))).toEqual(fraction(0));
    // lower is better: at most the threshold
    expect(indicatorShare(RULE.indicators[4]!, fraction(24))).toEqual(fraction(1));
    expect(indicatorShare(RULE.indicators[4]!, fraction(2401, 100))).toEqual(fraction(4, 5));
    expect(indicatorShare(RULE.indicators[4]!, fraction(49))).toEqual(fraction(0));
  });

  it('scores an undefined value as the rule says', () => {
    expect(indicatorShare(closure, null)).toEqual(fraction(1));
    expect(indicatorShare(RULE.indicators[3]!, null)).toEqual(fraction(0));
  });
});

describe('scoreNode', () => {
  it('adds the rounded points of each indicator and item, capped, into a total never below 0', () => {
    const f = figures({
      closureRate: { numerator: 15758, denominator: 15882, percent: '99.22' },
      onTimeRate: rate(91, 100),
      reworkRate: rate(1, 30),
      patrolCoverage: rate(2, 3),
      avgHoursToClose: '30.50',
      reopened: 3,
    });
    const facts = { ...zeroFacts(), [AssessmentFact.SupervisionFlags]: 12, [AssessmentFact.InspectionsClean]: 1 };
    const s = scoreNode(RULE, f, facts);
    // closure: 30 × (99.2192… − 80) / 20 = 28.8288… → 28.83; on time 91%: 80% of 25 = 20;
    // rework 3.33%: 15 × (20 − 3.333…) / 20 = 12.5; patrol 66.67%: 20 × 6.667/40 = 3.3333 → 3.33; 30.5 h: 80% of 10 = 8
    expect(s.indicators.map((i) => [i.key, i.value, i.score, i.points])).toEqual([
      ['closureRate', '99.22', '96.10', '28.83'],
      ['onTimeRate', '91.00', '80.00', '20.00'],
      ['reworkRate', '3.33', '83.33', '12.50'],
      ['patrolCoverage', '66.67', '16.67', '3.33'],
      ['avgHoursToClose', '30.50', '80.00', '8.00'],
    ]);
    expect(s.base).toBe(7266n);
    // 12 flags capped at −10; one clean inspection +1; 3 reopened −1.5
    expect(s.adjustments.map((a) => [a.fact, a.count, a.points])).toEqual([
      ['supervisionFlags', 12, '-10.00'],
      ['inspectionsClean', 1, '1.00'],
      ['reopened', 3, '-1.50'],
    ]);
    expect(s.adjustment).toBe(-1050n);
    expect(s.total).toBe(6216n);
  });

  it('never goes below 0', () => {
    const rule: RuleBody = { ...RULE, adjustments: [{ fact: AssessmentFact.SupervisionFlags, label: '被督办', points: '-50' }] };
    const s = scoreNode(rule, figures({ closureRate: rate(0, 10), patrolCoverage: rate(0, 10), onTimeRate: rate(0, 10), reworkRate: rate(10, 10), avgHoursToClose: '500' }), {
      ...zeroFacts(),
      [AssessmentFact.SupervisionFlags]: 3,
    });
    expect(s.base).toBe(0n);
    expect(s.adjustment).toBe(-15000n);
    expect(s.total).toBe(0n);
  });

  it('counts a KPI count as a fact, and nothing for a figure the query left null', () => {
    expect(factCount('reopened', figures({ reopened: 4 }), zeroFacts())).toBe(4);
    expect(factCount('patrols', figures({ patrols: null }), zeroFacts())).toBe(0);
  });
});

describe('staffTotal', () => {
  it('weights the totals of the nodes by the days assigned, rounded half-up', () => {
    // (90 × 60 + 80 × 30) / 90 = 86.666… → 86.67
    expect(
      staffTotal([
        { total: 9000n, days: 60 },
        { total: 8000n, days: 30 },
      ]),
    ).toBe(8667n);
    expect(staffTotal([{ total: 9000n, days: 0 }])).toBeNull();
  });
});

describe('rank and outcomeOf', () => {
  it('ranks highest first, ties sharing a rank and listed by key', () => {
    const r = rank([
      { key: 'c', total: 8000n },
      { key: 'a', total: 9000n },
      { key: 'd', total: 8000n },
      { key: 'b', total: 7000n },
    ]);
    expect(r.order).toEqual(['a', 'c', 'd', 'b']);
    expect([...r.ranks]).toEqual([
      ['a', 1],
      ['c', 2],
      ['d', 2],
      ['b', 4],
    ]);
  });

  it('rewards within the top N and at the least score, penalises below the line, never both', () => {
    expect(outcomeOf(RULE, 9500n, 1)).toBe('reward');
    expect(outcomeOf(RULE, 9500n, 4)).toBeNull();
    expect(outcomeOf(RULE, 8999n, 1)).toBeNull();
    expect(outcomeOf(RULE, 9500n, null)).toBeNull();
    expect(outcomeOf(RULE, 5999n, 1)).toBe('penalty');
    expect(outcomeOf(RULE, 6000n, 9)).toBeNull();
    expect(outcomeOf({ ...RULE, rewardTop: null }, 9000n, null)).toBe('reward');
    expect(outcomeOf({ ...RULE, rewardTop: null, rewardMinScore: null, penaltyBelowScore: null }, 0n, 1)).toBeNull();
  });
});
