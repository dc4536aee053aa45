import { type CreateAssessmentRuleDto, MissingValue, ScaleKind, ScoreDirection } from '@citygrid/contracts/reporting';

import { nextQuarter, quarterOf, quarterStart, ruleBodyOf, ruleViolations } from './rule-checks';

function rule(over: Partial<CreateAssessmentRuleDto> = {}): CreateAssessmentRuleDto {
  return {
    name: '2013 年网格考核细则',
    effectiveFrom: '2013-04-01',
    failingSeverity: 'high',
    indicators: [
      { key: 'closureRate', weight: '60', direction: ScoreDirection.Higher, scale: ScaleKind.Linear, best: '100', worst: '80', whenMissing: MissingValue.Full },
      {
        key: 'avgHoursToClose',
        weight: '40',
        direction: ScoreDirection.Lower,
        scale: ScaleKind.Bands,
        bands: [
          { threshold: '24', score: '100' },
          { threshold: '48', score: '50' },
        ],
        whenMissing: MissingValue.Full,
      },
    ],
    adjustments: [{ fact: 'supervisionFlags', label: '被督办', points: '-1', cap: '10' }],
    rewardTop: 3,
    rewardMinScore: '90',
    penaltyBelowScore: '60',
    ...over,
  };
}

describe('quarters', () => {
  it('names the quarter of a day, its first day and the next one', () => {
    expect(quarterOf('2013-04-17')).toBe('2013-Q2');
    expect(quarterOf('2013-12-31')).toBe('2013-Q4');
    expect(quarterStart('2013-Q3')).toBe('2013-07-01');
    expect(nextQuarter('2013-Q4')).toBe('2014-Q1');
    expect(nextQuarter('2013-Q1')).toBe('2013-Q2');
  });
});

describe('ruleViolations', () => {
  it('accepts a rule whose weights add up to 100 with scales that agree with their directions', () => {
    expect(ruleViolations(rule())).toEqual([]);
  });

  it('refuses an effective date that does not start a quarter, naming the day it could be', () => {
    expect(ruleViolations(rule({ effectiveFrom: '2013-05-15' }))).toEqual([
      { field: 'effectiveFrom', reason: 'must be the first day of a quarter (2013-04-01 for 2013-Q2): a version scores whole quarters' },
    ]);
  });

  it('refuses weights that do not add up to 100, exactly', () => {
    const r = rule();
    r.indicators[1]!.weight = '39.99';
    expect(ruleViolations(r)).toEqual([{ field: 'indicators', reason: 'the weights add up to 99.99; they must add up to 100' }]);
  });

  it('refuses a linear scale that goes against its direction, and fields of the other scale', () => {
    const r = rule();
    r.indicators[0] = { ...r.indicators[0]!, best: '70', bands: [{ threshold: '1', score: '1' }] };
    r.indicators[1] = { ...r.indicators[1]!, best: '1' };
    expect(ruleViolations(r)).toEqual([
      { field: 'indicators[0].bands', reason: 'is for a banded scale; a linear scale has best and worst' },
      { field: 'indicators[0].best', reason: 'must be above worst when higher is better' },
      { field: 'indicators[1].best', reason: 'is for a linear scale; a banded scale has bands' },
    ]);
    const lower = rule();
    lower.indicators[0] = { ...lower.indicators[0]!, direction: ScoreDirection.Lower };
    expect(ruleViolations(lower)).toEqual([{ field: 'indicators[0].best', reason: 'must be below worst when lower is better' }]);
  });

  it('refuses bands out of order and scores above 100', () => {
    const r = rule();
    r.indicators[1]!.bands = [
      { threshold: '24', score: '100' },
      { threshold: '24', score: '120' },
    ];
    expect(ruleViolations(r)).toEqual([
      { field: 'indicators[1].bands[1].score', reason: 'must be at most 100 (percent of the weight)' },
      { field: 'indicators[1].bands[1].threshold', reason: 'must be above the band before it: bands run from the best down (lower is better)' },
    ]);
  });

  it('refuses an indicator or item twice, items worth nothing, a zero cap and a reward line under the penalty line', () => {
    const r = rule({
      adjustments: [
        { fact: 'supervisionFlags', label: '被督办', points: '0' },
        { fact: 'supervisionFlags', label: '又督办', points: '-1', cap: '0' },
      ],
      rewardMinScore: '50',
    });
    r.indicators[1] = { ...r.indicators[0]!, weight: '40' };
    expect(ruleViolations(r)).toEqual([
      { field: 'indicators[1].key', reason: 'closureRate is scored already by indicators[0]' },
      { field: 'adjustments[0].points', reason: 'must not be 0: positive for a bonus, negative for a penalty' },
      { field: 'adjustments[1].fact', reason: 'supervisionFlags is counted already by adjustments[0]' },
      { field: 'adjustments[1].cap', reason: 'must be more than 0 (leave it out for no cap)' },
      { field: 'rewardMinScore', reason: 'must not be below penaltyBelowScore (60)' },
    ]);
  });
});

describe('ruleBodyOf', () => {
  it('keeps each indicator with the fields of its scale, options as null', () => {
    const body = ruleBodyOf(rule({ rewardTop: undefined, penaltyBelowScore: undefined }));
    expect(body.indicators[0]).toEqual({ key: 'closureRate', weight: '60', direction: 'higher', scale: 'linear', best: '100', worst: '80', whenMissing: 'full' });
    expect(body.indicators[1]).not.toHaveProperty('best');
    expect(body).toMatchObject({ rewardTop: null, rewardMinScore: '90', penaltyBelowScore: null, failingSeverity: 'high' });
  });
});
