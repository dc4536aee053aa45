import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, Matches } from 'class-validator';

import { IsRfc3339Date } from '../common/dates';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { StateCountsView } from '../relocation/relocation';
import { KpiNodeView, PERIOD_PATTERN, RateView } from './kpis';

/**
 * `GET /api/v1/reports/volunteers`: party building 党建 and volunteer service 志愿服务 figures of a
 * node's subtree, built from the events of volunteers only. The formation rate is as it stands
 * now; hours, sessions and attendance count the days of the period (default: this year so far).
 */
export class VolunteerFiguresQuery {
  /** Node whose subtree is counted (any level). */
  @ApiProperty({ example: '410102005', pattern: NODE_CODE_PATTERN.source })
  @IsDefined({ message: 'node is required' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code (6, 9, 12, 14 or 16 digits)' })
  node!: string;

  /** First day of the period (`YYYY-MM-DD`, working time zone); with `to`, instead of `period`. */
  @ApiPropertyOptional({ example: '2013-01-01', format: 'date' })
  @Optional()
  @IsRfc3339Date()
  from?: string;

  /** Last day of the period, included (`YYYY-MM-DD`, working time zone); with `from`, instead of `period`. */
  @ApiPropertyOptional({ example: '2013-12-31', format: 'date' })
  @Optional()
  @IsRfc3339Date()
  to?: string;

  /** A named period instead of `from` and `to`: `2013`, `2013-Q1`, `2013-04` or `2013-W05` (ISO week). */
  @ApiPropertyOptional({ example: '2013-Q1', pattern: PERIOD_PATTERN.source })
  @Optional()
  @Matches(PERIOD_PATTERN, { message: 'period must be a year (2013), quarter (2013-Q1), month (2013-04) or ISO week (2013-W05)' })
  period?: string;
}

/** Volunteer hours of a period, in total and by what the teams' assignments counted them for. */
export class VolunteerHoursFiguresView {
  /** Hours recorded, as a decimal string in quarter hours (`"412.75"`). */
  @ApiProperty({ example: '412.75' }) total!: string;
  /** Members with hours in the period. */
  @ApiProperty() members!: number;
  /** Activities with hours in the period. */
  @ApiProperty() activities!: number;
  /** Hours counted for cases (a team assigned to a case). */
  @ApiProperty({ example: '36.00' }) forCases!: string;
  /** Hours counted for campaigns (screenings, clean-ups). */
  @ApiProperty({ example: '120.50' }) forCampaigns!: string;
  /** Hours counted for relocation projects. */
  @ApiProperty({ example: '60.00' }) forRelocation!: string;
}

/** Party organisations active in a subtree, by kind. */
export class PartyOrganisationCountsView {
  /** Branches 支部. */
  @ApiProperty() branches!: number;
  /** General branches 总支. */
  @ApiProperty() generalBranches!: number;
  /** Committees 党委. */
  @ApiProperty() committees!: number;
}

/** The party and volunteer figures of one node. */
export class VolunteerFiguresRowView {
  /** The node. */
  @ApiProperty({ type: KpiNodeView }) node!: KpiNodeView;
  /**
   * Formation rate 党组织组建率: units that should have a branch (by the volunteers service's rule)
   * and have an active one, out of the units that should have one; 5 existing and 7 new of 12 →
   * `"100.00"`; null when no unit should have one.
   */
  @ApiProperty({ type: RateView }) formation!: RateView;
  /** Active organisations. */
  @ApiProperty({ type: PartyOrganisationCountsView }) organisations!: PartyOrganisationCountsView;
  /** Party members enrolled in the subtree's grids. */
  @ApiProperty() partyMembers!: number;
  /** Volunteer hours of the period. */
  @ApiProperty({ type: VolunteerHoursFiguresView }) hours!: VolunteerHoursFiguresView;
  /** Remote-education sessions 远程教育 of the period. */
  @ApiProperty() sessions!: number;
  /** Attendances at those sessions. */
  @ApiProperty() sessionAttendance!: number;
}

/** `GET /api/v1/reports/volunteers`: the node's figures, and those of each child node. */
export class VolunteerFiguresView extends VolunteerFiguresRowView {
  /** First day counted. */
  @ApiProperty({ format: 'date' }) from!: string;
  /** Last day counted. */
  @ApiProperty({ format: 'date' }) to!: string;
  /** One row per child node, by code. */
  @ApiProperty({ type: [VolunteerFiguresRowView] }) children!: VolunteerFiguresRowView[];
  /** When the figures were read. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}

/** `GET /api/v1/reports/relocation`: the progress of the relocation projects 征拆 in a node's subtree, from relocation's events only. */
export class RelocationProgressQuery {
  /** Node whose subtree's projects are shown (a project belongs to the node it was opened at). */
  @ApiProperty({ example: '410102005', pattern: NODE_CODE_PATTERN.source })
  @IsDefined({ message: 'node is required' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code (6, 9, 12, 14 or 16 digits)' })
  node!: string;
}

/** A project's standing at the end of one day of its progress curve. */
export class RelocationMilestoneView {
  /** Day of the project (1 = its start date). */
  @ApiProperty({ example: 3 }) day!: number;
  /** The date of that day. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Whether the day has ended (false: the counts are those so far, or the day is still to come). */
  @ApiProperty() reached!: boolean;
  /** Households signed or further by the end of the day. */
  @ApiProperty() signed!: number;
  /** Households moved or further. */
  @ApiProperty() moved!: number;
  /** Households demolished. */
  @ApiProperty() demolished!: number;
}

/** The progress of one relocation project. */
export class RelocationProjectProgressView {
  /** Project id. */
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  /** Node it was opened at. */
  @ApiProperty() nodeCode!: string;
  /** First day. */
  @ApiProperty({ format: 'date' }) startDate!: string;
  /** Households inside the red line (latest resolve). */
  @ApiProperty() households!: number;
  /** Units inside the red line. */
  @ApiProperty() units!: number;
  /** Buildings inside the red line. */
  @ApiProperty() buildings!: number;
  /** Households per state now. */
  @ApiProperty({ type: StateCountsView }) counts!: StateCountsView;
  /** Signed or further, out of the households. */
  @ApiProperty({ type: RateView }) signed!: RateView;
  /** Holdouts 钉子户 now. */
  @ApiProperty() holdouts!: number;
  /** Help requests raised (schooling and rental). */
  @ApiProperty() helpRaised!: number;
  /** Help requests not closed. */
  @ApiProperty() helpOpen!: number;
  /** Days 3, 10 and 30 of the progress curve (most move in 3 days, all but one sign in 10, all demolished in 30). */
  @ApiProperty({ type: [RelocationMilestoneView] }) milestones!: RelocationMilestoneView[];
}

/** `GET /api/v1/reports/relocation`. */
export class RelocationProgressView {
  /** The node. */
  @ApiProperty({ type: KpiNodeView }) node!: KpiNodeView;
  /** Projects opened in the subtree, newest start first. */
  @ApiProperty({ type: [RelocationProjectProgressView] }) projects!: RelocationProjectProgressView[];
  /** When the figures were read. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}
