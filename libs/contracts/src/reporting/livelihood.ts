import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, Matches } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { KpiNodeView, RateView } from './kpis';

/** The years figures are kept for. */
const YEARS = Array.from({ length: 101 }, (_, i) => 2000 + i);

/**
 * `GET /api/v1/reports/livelihood`: the livelihood figures 网格惠民 of a node's subtree for a
 * calendar year, built from the events of employment, health, schooling and community-services
 * only (nothing is asked of those services).
 */
export class LivelihoodQuery {
  /** Node whose subtree is counted (any level). */
  @ApiProperty({ example: '410102005', pattern: NODE_CODE_PATTERN.source })
  @IsDefined({ message: 'node is required' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code (6, 9, 12, 14 or 16 digits)' })
  node!: string;

  /** Calendar year (default: this year in the working time zone). */
  @ApiPropertyOptional({ example: 2012, minimum: 2000, maximum: 2100 })
  @Optional()
  @Type(() => Number)
  @IsIn(YEARS, { message: 'year must be a year from 2000 to 2100' })
  year?: number;
}

/** New urban jobs 新增就业 of a node against its yearly target. */
export class EmploymentFiguresView {
  /** The node. */
  @ApiProperty({ type: KpiNodeView }) node!: KpiNodeView;
  /**
   * Placements of the year in the subtree out of the node's target (its own, or else the sum of
   * its children's): percent rounded half-up to two places (2,602 of 2,580 → `100.85`); null
   * without a target.
   */
  @ApiProperty({ type: RateView }) placements!: RateView;
  /** Placements by kind (`employed`, `self_employed`, `public_welfare`). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { employed: 2100, self_employed: 380, public_welfare: 122 } })
  byKind!: Record<string, number>;
  /** Placements by seeker category (`laid_off`, `age_4050`, …; a placement counts once under each of its categories). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { age_4050: 410, graduate: 260 } })
  byCategory!: Record<string, number>;
}

/** The 15-minute health coverage of a subtree: the latest computation of each of its grids. */
export class CoverageFiguresView {
  /** Households within 15 minutes' walk of a station, out of all households with a location. */
  @ApiProperty({ type: RateView }) households!: RateView;
  /** Grids every household of which is covered, out of the grids computed. */
  @ApiProperty({ type: RateView }) grids!: RateView;
  /** Health lectures 健康知识讲座 held in the year. */
  @ApiProperty({ example: 48 }) lectures!: number;
  /** People who attended them. */
  @ApiProperty({ example: 2150 }) lectureAttendance!: number;
}

/** Enrolment help requests 入学协助 of the households of a subtree. */
export class SchoolingFiguresView {
  /** Received in the year. */
  @ApiProperty({ example: 31 }) received!: number;
  /** Settled in the year with a school place. */
  @ApiProperty({ example: 27 }) placed!: number;
  /** Refused in the year. */
  @ApiProperty({ example: 1 }) refused!: number;
  /** Not settled now. */
  @ApiProperty({ example: 3 }) open!: number;
  /** Not settled now and past the deadline of their step. */
  @ApiProperty({ example: 0 }) overdue!: number;
}

/** Service requests to the centres (物业, 家政, 文化, 计生) of a subtree, or of one centre. */
export class ServiceRequestFiguresView {
  /** Received in the year. */
  @ApiProperty({ example: 512 }) received!: number;
  /** Closed in the year. */
  @ApiProperty({ example: 498 }) closed!: number;
  /** Of the closed ones, closed by their due time, out of those closed. */
  @ApiProperty({ type: RateView }) onTime!: RateView;
  /** Of the closed ones asked, satisfied or basically satisfied, out of those asked. */
  @ApiProperty({ type: RateView }) satisfied!: RateView;
}

/** Service requests of one centre. */
export class LivelihoodCentreFiguresView extends ServiceRequestFiguresView {
  /** `property`, `housekeeping`, `culture` or `family_planning`. */
  @ApiProperty({ example: 'property' }) centre!: string;
}

/** Every livelihood figure of one node. */
export class LivelihoodRowView {
  @ApiProperty({ type: EmploymentFiguresView }) employment!: EmploymentFiguresView;
  @ApiProperty({ type: CoverageFiguresView }) health!: CoverageFiguresView;
  @ApiProperty({ type: SchoolingFiguresView }) schooling!: SchoolingFiguresView;
  @ApiProperty({ type: ServiceRequestFiguresView }) services!: ServiceRequestFiguresView;
  @ApiProperty({ type: [LivelihoodCentreFiguresView] }) byCentre!: LivelihoodCentreFiguresView[];
}

/** `GET /api/v1/reports/livelihood`: the node's figures, and those of each child node. */
export class LivelihoodReportView extends LivelihoodRowView {
  @ApiProperty({ example: 2012 }) year!: number;
  /** One row per child node (communities of a subdistrict, grids of a community), by code. */
  @ApiProperty({ type: [LivelihoodRowView] }) children!: LivelihoodRowView[];
  /** When the figures were read. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}
