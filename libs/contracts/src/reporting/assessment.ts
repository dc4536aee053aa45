/**
 * Quantified assessment 量化考核: scoring rules as data (indicators on KPI keys, bonus and penalty
 * items), versioned with the quarter they take effect from; a score per node (grids, communities
 * and above) and per staff member for each quarter; rankings within a parent node; the list of
 * rewards and penalties 奖惩名单.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsEnum, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

import { defineEvent } from '../common/cloudevent';
import type { RpcDefinition } from '../common/rpc';
import { IsRfc3339Date } from '../common/dates';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { FINDING_SEVERITIES, type FindingSeverity } from '../ticketing/supervision';
import { KPI_DEFINITIONS, KpiNodeView, KpiPeriodView } from './kpis';

/** A quarter of the working time zone, of a year from 1900 to 2999 (as dates are): `2013-Q1`. */
export const QUARTER_PATTERN = /^(19|2\d)\d{2}-Q[1-4]$/;

/** A decimal with at most 4 places (thresholds of a scale): `99.5`, `-3`, `0.0125`. */
export const THRESHOLD_PATTERN = /^-?\d{1,9}(\.\d{1,4})?$/;

/** A non-negative decimal with at most 2 places (weights, scores, caps): `30`, `12.5`. */
export const POINTS_PATTERN = /^\d{1,6}(\.\d{1,2})?$/;

/** A signed decimal with at most 2 places (points of a bonus or penalty item): `-1`, `0.5`. */
export const SIGNED_POINTS_PATTERN = /^-?\d{1,6}(\.\d{1,2})?$/;

/** KPI keys an indicator may score: every KPI but the readings of now (`overdueNow`), which belong to no quarter. */
export const ASSESSMENT_KPI_KEYS: readonly string[] = Object.freeze(KPI_DEFINITIONS.filter((d) => d.kind !== 'now').map((d) => d.key));

/** Counts of a quarter that only assessment keeps, from ticketing's supervision events. */
export enum AssessmentFact {
  /** 被督办数: supervision flags 督办 on cases beneath the node, on the day flagged. */
  SupervisionFlags = 'supervisionFlags',
  /** 督查次数: inspections 督查 of the node or a node beneath it, on the day recorded. */
  Inspections = 'inspections',
  /** 督查不合格次数: inspections with a finding at or above the rule's `failingSeverity`. */
  InspectionsFailed = 'inspectionsFailed',
  /** 督查无问题次数: inspections with no finding at all. */
  InspectionsClean = 'inspectionsClean',
  /** 严重问题数: findings of severity `high`. */
  HighFindings = 'highFindings',
  /** 一般问题数: findings of severity `medium`. */
  MediumFindings = 'mediumFindings',
  /** 轻微问题数: findings of severity `low`. */
  LowFindings = 'lowFindings',
}

/** KPI counts a bonus or penalty item may count as well (`reopened`, `escalated` …). */
export const ASSESSMENT_KPI_COUNT_KEYS: readonly string[] = Object.freeze(KPI_DEFINITIONS.filter((d) => d.kind === 'count').map((d) => d.key));

/** What a bonus or penalty item may count: an assessment fact or a KPI count. */
export const ASSESSMENT_FACT_KEYS: readonly string[] = Object.freeze([...Object.values(AssessmentFact), ...ASSESSMENT_KPI_COUNT_KEYS]);

/** Whether a higher or a lower value of an indicator is better. */
export enum ScoreDirection {
  /** Higher is better (办结率). */
  Higher = 'higher',
  /** Lower is better (返工率, hours to close). */
  Lower = 'lower',
}

/** How an indicator's value becomes a share of its weight. */
export enum ScaleKind {
  /** Straight line from `worst` (no points) to `best` (full weight), clamped. */
  Linear = 'linear',
  /** Steps: the first band the value reaches gives its `score` percent of the weight. */
  Bands = 'bands',
}

/** What an indicator scores when its value is undefined (a rate over 0, no case closed). */
export enum MissingValue {
  /** The full weight: nothing to count, nothing failed. */
  Full = 'full',
  /** No points. */
  Zero = 'zero',
}

/** One step of a banded scale. */
export class ScoreBandDto {
  /**
   * The value this band starts at: reached when the value is at least it (`higher`) or at most it
   * (`lower`). Rates are in percent (`95` is 95%), hours in hours. Bands run from the best down,
   * their thresholds strictly falling (`higher`) or rising (`lower`).
   */
  @ApiProperty({ example: '95', pattern: THRESHOLD_PATTERN.source })
  @IsDefined({ message: 'threshold is required' })
  @Matches(THRESHOLD_PATTERN, { message: 'threshold must be a decimal with at most 4 places' })
  threshold!: string;

  /** Percent of the indicator's weight given in this band, 0 to 100 (`80`). */
  @ApiProperty({ example: '80', pattern: POINTS_PATTERN.source })
  @IsDefined({ message: 'score is required' })
  @Matches(POINTS_PATTERN, { message: 'score must be a decimal from 0 to 100 with at most 2 places' })
  score!: string;
}

/** One scored indicator of a rule: a KPI, its weight, direction and scale. */
export class AssessmentIndicatorDto {
  /** KPI key (`closureRate`, `onTimeRate`, `patrolCoverage` …; see `GET /api/v1/reports/kpi-definitions`, every kind but `now`). */
  @ApiProperty({ example: 'closureRate', enum: ASSESSMENT_KPI_KEYS })
  @IsIn(ASSESSMENT_KPI_KEYS, { message: `key must be a KPI key that belongs to a period: ${ASSESSMENT_KPI_KEYS.join(', ')}` })
  key!: string;

  /** Points at full marks; the weights of a rule add up to exactly 100. */
  @ApiProperty({ example: '30', pattern: POINTS_PATTERN.source })
  @IsDefined({ message: 'weight is required' })
  @Matches(POINTS_PATTERN, { message: 'weight must be a positive decimal with at most 2 places' })
  weight!: string;

  /** Higher or lower is better. */
  @ApiProperty({ enum: ScoreDirection, enumName: 'ScoreDirection' })
  @IsEnum(ScoreDirection, { message: `direction must be one of: ${Object.values(ScoreDirection).join(', ')}` })
  direction!: ScoreDirection;

  /** `linear` (with `best` and `worst`) or `bands` (with `bands`). */
  @ApiProperty({ enum: ScaleKind, enumName: 'ScaleKind' })
  @IsEnum(ScaleKind, { message: `scale must be one of: ${Object.values(ScaleKind).join(', ')}` })
  scale!: ScaleKind;

  /** Linear scale: the value that earns the full weight (and anything better). */
  @ApiPropertyOptional({ example: '100', pattern: THRESHOLD_PATTERN.source })
  @ValidateIf((i: AssessmentIndicatorDto) => i.scale === ScaleKind.Linear || i.best !== undefined)
  @IsDefined({ message: 'best is required with a linear scale' })
  @Matches(THRESHOLD_PATTERN, { message: 'best must be a decimal with at most 4 places' })
  best?: string;

  /** Linear scale: the value that earns nothing (and anything worse). */
  @ApiPropertyOptional({ example: '80', pattern: THRESHOLD_PATTERN.source })
  @ValidateIf((i: AssessmentIndicatorDto) => i.scale === ScaleKind.Linear || i.worst !== undefined)
  @IsDefined({ message: 'worst is required with a linear scale' })
  @Matches(THRESHOLD_PATTERN, { message: 'worst must be a decimal with at most 4 places' })
  worst?: string;

  /** Banded scale: the bands from the best down; a value reaching none scores nothing. */
  @ApiPropertyOptional({ type: [ScoreBandDto] })
  @ValidateIf((i: AssessmentIndicatorDto) => i.scale === ScaleKind.Bands || i.bands !== undefined)
  @IsDefined({ message: 'bands is required with a banded scale' })
  @IsArray({ message: 'bands must be an array' })
  @ArrayMinSize(1, { message: 'bands must hold at least one band' })
  @ArrayMaxSize(20, { message: 'bands may hold at most 20 bands' })
  @IsObject({ each: true, message: 'each band must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ScoreBandDto)
  bands?: ScoreBandDto[];

  /** What the indicator scores when the value is undefined (a rate over 0, no case closed). */
  @ApiProperty({ enum: MissingValue, enumName: 'MissingValue' })
  @IsEnum(MissingValue, { message: `whenMissing must be one of: ${Object.values(MissingValue).join(', ')}` })
  whenMissing!: MissingValue;
}

/** A bonus (positive points) or penalty (negative points) item: points for each occurrence of a fact, capped. */
export class AssessmentAdjustmentDto {
  /** What is counted: an assessment fact (`supervisionFlags`, `inspectionsFailed` …, see `AssessmentFact`) or a KPI count (`reopened` …). */
  @ApiProperty({ example: 'supervisionFlags', enum: ASSESSMENT_FACT_KEYS })
  @IsIn(ASSESSMENT_FACT_KEYS, { message: `fact must be one of: ${ASSESSMENT_FACT_KEYS.join(', ')}` })
  fact!: string;

  /** Name shown in reports (`被督办`). */
  @ApiProperty({ example: '被督办', maxLength: 50 })
  @IsString({ message: 'label must be a string' })
  @Length(1, 50, { message: 'label must be 1 to 50 characters' })
  label!: string;

  /** Points for each occurrence: positive for a bonus 加分, negative for a penalty 扣分, never 0. */
  @ApiProperty({ example: '-1', pattern: SIGNED_POINTS_PATTERN.source })
  @IsDefined({ message: 'points is required' })
  @Matches(SIGNED_POINTS_PATTERN, { message: 'points must be a signed decimal with at most 2 places' })
  points!: string;

  /** Most points the item adds or takes off in a quarter (its absolute value); no cap when left out. */
  @ApiPropertyOptional({ example: '10', pattern: POINTS_PATTERN.source })
  @Optional()
  @Matches(POINTS_PATTERN, { message: 'cap must be a positive decimal with at most 2 places' })
  cap?: string;
}

/** The body of a rule version: what is scored and how, and who is rewarded or penalised. */
export class AssessmentRuleBodyDto {
  /** The indicators, their weights adding up to exactly 100. */
  @ApiProperty({ type: [AssessmentIndicatorDto] })
  @IsArray({ message: 'indicators must be an array' })
  @ArrayMinSize(1, { message: 'indicators must hold at least one indicator' })
  @ArrayMaxSize(20, { message: 'indicators may hold at most 20 indicators' })
  @IsObject({ each: true, message: 'each indicator must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AssessmentIndicatorDto)
  indicators!: AssessmentIndicatorDto[];

  /** Bonus and penalty items, added to the indicators' points (the total never goes below 0). */
  @ApiProperty({ type: [AssessmentAdjustmentDto] })
  @IsArray({ message: 'adjustments must be an array' })
  @ArrayMaxSize(20, { message: 'adjustments may hold at most 20 items' })
  @IsObject({ each: true, message: 'each adjustment must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AssessmentAdjustmentDto)
  adjustments!: AssessmentAdjustmentDto[];

  /** The least severity of a finding that fails an inspection (`inspectionsFailed`). */
  @ApiProperty({ enum: FINDING_SEVERITIES, example: 'high' })
  @IsIn(FINDING_SEVERITIES, { message: `failingSeverity must be one of: ${FINDING_SEVERITIES.join(', ')}` })
  failingSeverity!: FindingSeverity;

  /** Rewarded 奖励: within the first N of its ranking (ties share a rank). Together with `rewardMinScore` when both are given. */
  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: 100 })
  @Optional()
  @IsInt({ message: 'rewardTop must be an integer' })
  @Min(1, { message: 'rewardTop must be at least 1' })
  @Max(100, { message: 'rewardTop must be at most 100' })
  rewardTop?: number;

  /** Rewarded 奖励: a total of at least this. Together with `rewardTop` when both are given. */
  @ApiPropertyOptional({ example: '90', pattern: POINTS_PATTERN.source })
  @Optional()
  @Matches(POINTS_PATTERN, { message: 'rewardMinScore must be a decimal with at most 2 places' })
  rewardMinScore?: string;

  /** Penalised 处罚 (and never rewarded): a total below this. */
  @ApiPropertyOptional({ example: '60', pattern: POINTS_PATTERN.source })
  @Optional()
  @Matches(POINTS_PATTERN, { message: 'penaltyBelowScore must be a decimal with at most 2 places' })
  penaltyBelowScore?: string;
}

/** `POST /api/v1/reports/assessment-rules`: a new rule version, in force from the quarter it names. */
export class CreateAssessmentRuleDto extends AssessmentRuleBodyDto {
  /** Name of the version (`2013 年网格考核细则`). */
  @ApiProperty({ example: '2013 年网格考核细则', maxLength: 100 })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  /** What changed and why. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString({ message: 'description must be a string' })
  @Length(0, 2000, { message: 'description may be at most 2000 characters' })
  description?: string;

  /**
   * First day it applies: the first day of a quarter (`2013-04-01`). It scores that quarter and
   * the ones after, until a version with a later effective date; a quarter that was scored
   * already keeps the version it was scored with.
   */
  @ApiProperty({ example: '2013-04-01', format: 'date' })
  @IsDefined({ message: 'effectiveFrom is required' })
  @IsRfc3339Date()
  effectiveFrom!: string;
}

/** One rule version. */
export class AssessmentRuleView {
  /** Rule version id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Version number, 1, 2, 3 … in the order they were created. */
  @ApiProperty({ example: 1 }) version!: number;
  /** Name. */
  @ApiProperty() name!: string;
  /** What it is and why. */
  @ApiProperty() description!: string;
  /** First day of the first quarter it applies to. */
  @ApiProperty({ format: 'date', example: '2013-01-01' }) effectiveFrom!: string;
  /** The indicators. */
  @ApiProperty({ type: [AssessmentIndicatorDto] }) indicators!: AssessmentIndicatorDto[];
  /** Bonus and penalty items. */
  @ApiProperty({ type: [AssessmentAdjustmentDto] }) adjustments!: AssessmentAdjustmentDto[];
  /** The least severity that fails an inspection. */
  @ApiProperty({ enum: FINDING_SEVERITIES }) failingSeverity!: FindingSeverity;
  /** Rewarded when within the first N of its ranking; null when rank does not matter. */
  @ApiProperty({ type: Number, nullable: true }) rewardTop!: number | null;
  /** Rewarded at a total of at least this; null when the score does not matter. */
  @ApiProperty({ type: String, nullable: true }) rewardMinScore!: string | null;
  /** Penalised below this total; null for no penalties. */
  @ApiProperty({ type: String, nullable: true }) penaltyBelowScore!: string | null;
  /** When it was created. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Account that created it (`system` for the version the migration seeded). */
  @ApiProperty() createdBy!: string;
}

/** `POST /api/v1/reports/assessment-rules`: the new version, and the quarters it does not change. */
export class AssessmentRuleCreatedView extends AssessmentRuleView {
  /** Quarters from its effective date on that were scored already and keep the version they were scored with (`2013-Q2`). */
  @ApiProperty({ type: [String], example: ['2013-Q2'] }) quartersKept!: string[];
}

/** `GET /api/v1/reports/assessments`: a node's subtree in a quarter. */
export class AssessmentQuery {
  /** Node whose subtree is scored (any level). */
  @ApiProperty({ example: '410102005', pattern: NODE_CODE_PATTERN.source })
  @IsDefined({ message: 'node is required' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code (6, 9, 12, 14 or 16 digits)' })
  node!: string;

  /** The quarter, `2013-Q1` (working time zone). */
  @ApiProperty({ example: '2013-Q1', pattern: QUARTER_PATTERN.source })
  @IsDefined({ message: 'quarter is required' })
  @Matches(QUARTER_PATTERN, { message: 'quarter must be a year from 1900 to 2999 and a quarter, e.g. 2013-Q1' })
  quarter!: string;
}

/** What a ranking ranks. */
export enum RankingOf {
  /** The node's children (communities of a subdistrict, grids of a community …). */
  Children = 'children',
  /** Every level-3 grid beneath the node, in one list. */
  Grids = 'grids',
  /** Every staff member assigned beneath the node in the quarter. */
  Staff = 'staff',
}

/** `GET /api/v1/reports/assessments/rankings`. */
export class RankingQuery extends AssessmentQuery {
  /** `children` (default), `grids` or `staff`. */
  @ApiPropertyOptional({ enum: RankingOf, enumName: 'RankingOf' })
  @Optional()
  @IsEnum(RankingOf, { message: `of must be one of: ${Object.values(RankingOf).join(', ')}` })
  of?: RankingOf;
}

/** The rule version a quarter is scored with. */
export class AssessmentRuleRefView {
  /** Rule version id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Version number. */
  @ApiProperty({ example: 1 }) version!: number;
  /** Name. */
  @ApiProperty() name!: string;
  /** First day it applies. */
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
}

/** What is scored: a node, or a staff member. */
export type AssessmentSubjectKind = 'city' | 'district' | 'subdistrict' | 'community' | 'grid' | 'staff';

/** A staff member's days at one node in a quarter. */
export class StaffAssignmentDaysView {
  /** Node code. */
  @ApiProperty() code!: string;
  /** Role there (`grid_member`, `grid_leader`, `responsible_person`). */
  @ApiProperty() role!: string;
  /** Days of the quarter the assignment ran (from the day it began to the day before it ended). */
  @ApiProperty() days!: number;
  /** That node's total score in the quarter. */
  @ApiProperty({ example: '87.50' }) total!: string;
}

/** Who or what a score is of. */
export class AssessmentSubjectView {
  /** `city`, `district`, `subdistrict`, `community`, `grid` or `staff`. */
  @ApiProperty({ enum: ['city', 'district', 'subdistrict', 'community', 'grid', 'staff'] }) kind!: AssessmentSubjectKind;
  /** Node code, or the staff member's id. */
  @ApiProperty({ example: '4101020050010101' }) code!: string;
  /** Node name (from grid-registry's events, null when none named it yet), or the staff member's name. */
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  /** Grid level 2 or 3 for a grid; null otherwise. */
  @ApiProperty({ type: Number, nullable: true }) gridLevel!: number | null;
  /** The node it is ranked within: a node's parent, or the node asked about for staff; null for the node asked about. */
  @ApiProperty({ type: String, nullable: true }) parentCode!: string | null;
  /** Staff: the nodes they were assigned to in the quarter (in a grid role) and for how many days; empty for a node. */
  @ApiProperty({ type: [StaffAssignmentDaysView] }) assignments!: StaffAssignmentDaysView[];
}

/** One indicator of a score. */
export class IndicatorScoreView {
  /** KPI key. */
  @ApiProperty({ example: 'closureRate' }) key!: string;
  /** Chinese name of the KPI. */
  @ApiProperty({ example: '办结率' }) nameZh!: string;
  /** Its weight. */
  @ApiProperty({ example: '30' }) weight!: string;
  /** The KPI's value in the quarter (a rate in percent, rounded half-up to 2 places; a count; hours), or null when undefined. */
  @ApiProperty({ type: String, nullable: true, example: '99.22' }) value!: string | null;
  /** Percent of the weight earned, rounded half-up to 2 places. */
  @ApiProperty({ example: '96.10' }) score!: string;
  /** Points earned (weight × score), exact, rounded half-up to 2 places. */
  @ApiProperty({ example: '28.83' }) points!: string;
}

/** One bonus or penalty item of a score. */
export class AdjustmentScoreView {
  /** The fact counted. */
  @ApiProperty({ example: 'supervisionFlags' }) fact!: string;
  /** The item's label. */
  @ApiProperty({ example: '被督办' }) label!: string;
  /** Occurrences in the quarter. */
  @ApiProperty() count!: number;
  /** Points added (positive) or taken off (negative), after the cap. */
  @ApiProperty({ example: '-2.00' }) points!: string;
}

/** 奖励 or 处罚. */
export type AssessmentOutcome = 'reward' | 'penalty';

/** A subject's score in a quarter. */
export class AssessmentScoreView {
  /** Who or what. */
  @ApiProperty({ type: AssessmentSubjectView }) subject!: AssessmentSubjectView;
  /** Points of the indicators, added up (a staff member: the days-weighted mean of their nodes' totals). */
  @ApiProperty({ example: '85.50' }) base!: string;
  /** Bonus and penalty points, added up (0 for a staff member: their nodes' totals hold them). */
  @ApiProperty({ example: '-2.00' }) adjustment!: string;
  /** base + adjustment, never below 0: the score, to 2 places. */
  @ApiProperty({ example: '83.50' }) total!: string;
  /** Each indicator (empty for a staff member). */
  @ApiProperty({ type: [IndicatorScoreView] }) indicators!: IndicatorScoreView[];
  /** Each bonus and penalty item (empty for a staff member). */
  @ApiProperty({ type: [AdjustmentScoreView] }) adjustments!: AdjustmentScoreView[];
  /** Rank within `subject.parentCode` (1 is best; ties share a rank); null for the node asked about. */
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  /** How many are ranked there. */
  @ApiProperty({ type: Number, nullable: true }) rankOf!: number | null;
  /** `reward`, `penalty`, or null. */
  @ApiProperty({ enum: ['reward', 'penalty'], nullable: true }) outcome!: AssessmentOutcome | null;
}

/** What a report is of: node, quarter, rule version and the data behind it. */
export class AssessmentHeaderView {
  /** The node asked about. */
  @ApiProperty({ type: KpiNodeView }) node!: KpiNodeView;
  /** The quarter, `2013-Q1`. */
  @ApiProperty({ example: '2013-Q1' }) quarter!: string;
  /** Its days. */
  @ApiProperty({ type: KpiPeriodView }) period!: KpiPeriodView;
  /** The rule version it is scored with. */
  @ApiProperty({ type: AssessmentRuleRefView }) rule!: AssessmentRuleRefView;
  /** When the quarter was first scored after it ended (from then on it keeps `rule`); null while it runs or was never scored. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scoredAt!: string | null;
  /** True once the quarter is over and its rule version is fixed; false while it runs (scores may still change). */
  @ApiProperty() final!: boolean;
  /** The latest time of the facts behind the scores (case reports, filings, dispatches, closings, flags, inspections, assignments beneath the node): what exports print as when it was computed. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dataAsOf!: string | null;
  /** When this answer was computed. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  /** True while reporting rebuilds its read models: the scores are partial. */
  @ApiProperty() rebuilding!: boolean;
}

/** `GET /api/v1/reports/assessments`: every score beneath the node, and the reward and penalty list. */
export class AssessmentReportView extends AssessmentHeaderView {
  /** The node's own score, then every node beneath it (by level, then code), then its staff (by name, then id). */
  @ApiProperty({ type: [AssessmentScoreView] }) scores!: AssessmentScoreView[];
  /** 奖惩名单: the subjects rewarded or penalised, rewards first, each by rank. */
  @ApiProperty({ type: [AssessmentScoreView] }) rewardsAndPenalties!: AssessmentScoreView[];
}

/** `GET /api/v1/reports/assessments/rankings`: one ranking. */
export class RankingReportView extends AssessmentHeaderView {
  /** What is ranked. */
  @ApiProperty({ enum: RankingOf, enumName: 'RankingOf' }) of!: RankingOf;
  /**
   * The ranked subjects, best first (ties by code). `children` and `staff` are ranked within the
   * node; `grids` ranks every level-3 grid beneath it in one list (its `rank` here, not within
   * the grid's parent).
   */
  @ApiProperty({ type: [AssessmentScoreView] }) rows!: AssessmentScoreView[];
}

/** Payload of `citygrid.assessment-rule.created.v1`: a new version of the assessment rules. */
export interface AssessmentRuleCreatedV1 {
  /** Rule version id. */
  id: string;
  /** Version number. */
  version: number;
  /** Name. */
  name: string;
  /** First day of the first quarter it applies to. */
  effectiveFrom: string;
  /** Its indicators, items and outcomes, as `AssessmentRuleView` holds them. */
  rule: {
    /** The indicators. */
    indicators: AssessmentIndicatorDto[];
    /** Bonus and penalty items. */
    adjustments: AssessmentAdjustmentDto[];
    /** The least severity that fails an inspection. */
    failingSeverity: FindingSeverity;
    /** Rewarded within the first N, or null. */
    rewardTop: number | null;
    /** Rewarded at least at this total, or null. */
    rewardMinScore: string | null;
    /** Penalised below this total, or null. */
    penaltyBelowScore: string | null;
  };
  /** Quarters from its effective date on that keep the version they were scored with. */
  quartersKept: string[];
}

/** Events of assessment (published by reporting). */
export const AssessmentEvents = {
  ruleCreated: defineEvent<AssessmentRuleCreatedV1>({
    service: 'reporting',
    aggregate: 'assessment-rule',
    event: 'created',
    version: 1,
    summary: 'A new version of the assessment rules 考核细则 was created; it scores the quarters from its effective date on that were not scored yet.',
    schema: {
      type: 'object',
      required: ['id', 'version', 'name', 'effectiveFrom', 'rule', 'quartersKept'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Rule version id.' },
        version: { type: 'integer', minimum: 1, description: 'Version number.' },
        name: { type: 'string', description: 'Name.' },
        effectiveFrom: { type: 'string', format: 'date', description: 'First day of the first quarter it applies to.' },
        rule: {
          type: 'object',
          description: 'Indicators (KPI key, weight, direction, scale), bonus and penalty items, the failing severity of an inspection, and who is rewarded or penalised.',
          properties: {
            indicators: { type: 'array', items: { type: 'object' } },
            adjustments: { type: 'array', items: { type: 'object' } },
            failingSeverity: { type: 'string', enum: [...FINDING_SEVERITIES] },
            rewardTop: { type: ['integer', 'null'] },
            rewardMinScore: { type: ['string', 'null'] },
            penaltyBelowScore: { type: ['string', 'null'] },
          },
        },
        quartersKept: { type: 'array', items: { type: 'string' }, description: 'Quarters it leaves with the version they were scored with.' },
      },
    },
  }),
} as const;

/** RPC patterns of assessment (reporting). */
export const AssessmentRpc = {
  query: 'reporting.assessment.query',
  rankings: 'reporting.assessment.rankings',
  ruleList: 'reporting.assessment-rule.list',
  ruleCreate: 'reporting.assessment-rule.create',
} as const;

/** Typed map: pattern → request payload and response. */
export type AssessmentRpcMap = {
  'reporting.assessment.query': RpcDefinition<AssessmentQuery, AssessmentReportView>;
  'reporting.assessment.rankings': RpcDefinition<RankingQuery, RankingReportView>;
  'reporting.assessment-rule.list': RpcDefinition<Record<string, never>, AssessmentRuleView[]>;
  'reporting.assessment-rule.create': RpcDefinition<CreateAssessmentRuleDto, AssessmentRuleCreatedView>;
};
