/** The live dashboard of a node and the signal that its figures changed. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, Matches } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { CATEGORY_CODE_PATTERN } from '../ticketing/cases';
import { KpiFiguresView, KpiNodeView, KpiPeriodView } from './kpis';

/** The periods a dashboard shows, each the one holding today in the working time zone. */
export enum DashboardPeriod {
  /** Today. */
  Today = 'today',
  /** The ISO week (Monday to Sunday). */
  Week = 'week',
  /** The calendar month. */
  Month = 'month',
  /** The quarter (the one assessments score). */
  Quarter = 'quarter',
  /** The calendar year. */
  Year = 'year',
}

/** `GET /api/v1/reports/dashboard` and `GET /api/v1/reports/live`: the node (and optionally category) shown. */
export class KpiDashboardQuery {
  /** Node whose subtree is counted (any level). */
  @ApiProperty({ example: '410102005', pattern: NODE_CODE_PATTERN.source })
  @IsDefined({ message: 'node is required' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code (6, 9, 12, 14 or 16 digits)' })
  node!: string;

  /** Only this category and the categories beneath it. */
  @ApiPropertyOptional({ example: 'CM', pattern: CATEGORY_CODE_PATTERN.source })
  @Optional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code (two capitals and 2 or 4 digits)' })
  category?: string;
}

/** The figures of one of the dashboard's periods. */
export class KpiDashboardPeriodView {
  /** Which period: `today`, `week`, `month`, `quarter` or `year`. */
  @ApiProperty({ enum: DashboardPeriod, enumName: 'DashboardPeriod' }) key!: DashboardPeriod;
  /** Its days and their time zone, with its name (`2013-Q1`; the day itself for `today`). */
  @ApiProperty({ type: KpiPeriodView }) period!: KpiPeriodView;
  /** The figures over those days (`open` at the end of today, `overdueNow` now, for every period). */
  @ApiProperty({ type: KpiFiguresView }) figures!: KpiFiguresView;
}

/** A node's figures for today, this week, month, quarter and year, read from the rollups. */
export class KpiDashboardView {
  /** The node whose subtree is counted. */
  @ApiProperty({ type: KpiNodeView }) node!: KpiNodeView;
  /** The category asked for, or null for all. */
  @ApiProperty({ type: String, nullable: true, example: 'CM' }) category!: string | null;
  /** Today, this week, month, quarter and year, in that order. */
  @ApiProperty({ type: [KpiDashboardPeriodView] }) periods!: KpiDashboardPeriodView[];
  /** When the figures were read. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  /** True while the read models are being rebuilt: the figures are still partial. */
  @ApiProperty() rebuilding!: boolean;
}

/**
 * Core NATS subject (not on the event stream) on which reporting says, after it has committed
 * events to its read models, which nodes' figures changed: the gateway's live feed re-reads the
 * dashboards of the nodes concerned. A hint, not an event: lost ones cost a late refresh only
 * (the feed also refreshes on a timer), so nothing durable depends on it.
 */
export const KPIS_CHANGED_SUBJECT = 'reporting.kpi.changed';

/** Payload of {@link KPIS_CHANGED_SUBJECT}. */
export interface KpisChangedSignal {
  /** Codes of every node whose subtree's figures changed (each changed grid and its ancestors); empty with `all`. */
  nodes: string[];
  /** True when every figure may have changed (a rebuild completed). */
  all: boolean;
  /** When reporting committed the changes (RFC 3339). */
  at: string;
}
