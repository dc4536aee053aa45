/** Key performance indicators of a node, a category and a period, built by reporting from the events alone. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsEnum, Matches, registerDecorator, ValidateIf } from 'class-validator';

import { IsRfc3339Date } from '../common/dates';
import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { CATEGORY_CODE_PATTERN } from '../ticketing/cases';

/**
 * A named period: a year (`2013`), a quarter (`2013-Q1`), a month (`2013-04`) or an ISO week
 * (`2013-W05`), each in the working time zone; years 1900 to 2999, as dates.
 */
export const PERIOD_PATTERN = /^(19|2\d)\d{2}(-Q[1-4]|-(0[1-9]|1[0-2])|-W(0[1-9]|[1-4]\d|5[0-3]))?$/;

/** Longest range one query may cover, days (ten years). */
export const MAX_KPI_RANGE_DAYS = 3660;

/** Most rows `groupBy=day` may return (a leap year). */
export const MAX_KPI_DAY_ROWS = 366;

/** The field may not be given together with any of `others`. */
function Excludes(...others: string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'excludes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property excludes ${others.join(' and ')}: give one or the other` },
      validator: { validate: (_value: unknown, args) => others.every((o) => (args?.object as Record<string, unknown>)[o] === undefined) },
    });
}

/** How the figures of a query are broken down. */
export enum KpiGroupBy {
  /** One row per child node (communities of a subdistrict, grids of a community …). */
  Child = 'child',
  /** One row per category beneath the queried one (the classes 大类 without `category`). */
  Category = 'category',
  /** One row per day of the period. */
  Day = 'day',
  /** One row per calendar month of the period. */
  Month = 'month',
}

/**
 * `GET /api/v1/reports/kpis`: the figures of a node's subtree over a period, for one category (and
 * the categories beneath it) or all. The period is `from`..`to` (both days included) or a named
 * `period`; days are days of the working time zone.
 */
export class KpiQuery {
  /** Node whose subtree is counted (any level: city, district, subdistrict, community, grid). */
  @ApiProperty({ example: '410102005', pattern: NODE_CODE_PATTERN.source })
  @IsDefined({ message: 'node is required' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code (6, 9, 12, 14 or 16 digits)' })
  node!: string;

  /** First day of the period (`YYYY-MM-DD`, working time zone); with `to`, instead of `period`. */
  @ApiPropertyOptional({ example: '2013-01-01', format: 'date' })
  @ValidateIf((q: KpiQuery) => q.period === undefined || q.from !== undefined)
  @IsDefined({ message: 'from is required unless period is given' })
  @IsRfc3339Date()
  from?: string;

  /** Last day of the period, included (`YYYY-MM-DD`, working time zone); with `from`, instead of `period`. */
  @ApiPropertyOptional({ example: '2013-04-30', format: 'date' })
  @ValidateIf((q: KpiQuery) => q.period === undefined || q.to !== undefined)
  @IsDefined({ message: 'to is required unless period is given' })
  @IsRfc3339Date()
  to?: string;

  /** A named period instead of `from` and `to`: `2013`, `2013-Q1`, `2013-04` or `2013-W05` (ISO week). */
  @ApiPropertyOptional({ example: '2013-Q1', pattern: PERIOD_PATTERN.source })
  @Optional()
  @Excludes('from', 'to')
  @Matches(PERIOD_PATTERN, { message: 'period must be a year (2013), quarter (2013-Q1), month (2013-04) or ISO week (2013-W05)' })
  period?: string;

  /** Only this category and the categories beneath it (`CM` takes `CM01` … `CM07`). */
  @ApiPropertyOptional({ example: 'CM', pattern: CATEGORY_CODE_PATTERN.source })
  @Optional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code (two capitals and 2 or 4 digits)' })
  category?: string;

  /** One row per child node, category, day or month beside the totals. */
  @ApiPropertyOptional({ enum: KpiGroupBy, enumName: 'KpiGroupBy' })
  @Optional()
  @IsEnum(KpiGroupBy, { message: `groupBy must be one of: ${Object.values(KpiGroupBy).join(', ')}` })
  groupBy?: KpiGroupBy;
}

/** A rate as an exact fraction, and in percent rounded half-up to two places. */
export class RateView {
  /** What is counted. */
  @ApiProperty({ example: 15758 }) numerator!: number;
  /** What it is counted out of. */
  @ApiProperty({ example: 15882 }) denominator!: number;
  /** `numerator / denominator` in percent, rounded half-up to 2 places, as a decimal string (`"99.22"`); null when the denominator is 0. */
  @ApiProperty({ type: String, nullable: true, example: '99.22' }) percent!: string | null;
}

/** The figures of one node, category and period (or of one row of a breakdown). Keys are those of `GET /api/v1/reports/kpi-definitions`. */
export class KpiFiguresView {
  /** 发现数: cases reported in the period. */
  @ApiProperty() found!: number;
  /** 立案数: cases filed in the period. */
  @ApiProperty() filed!: number;
  /** 不予立案数: cases not filed (rejected) in the period. */
  @ApiProperty() rejected!: number;
  /** 派遣数: cases dispatched for the first time in the period. */
  @ApiProperty() dispatched!: number;
  /** 处置反馈数: handling reports in the period (a reworked case reports again). */
  @ApiProperty() handled!: number;
  /** 结案数: cases closed in the period whose closing stands (a reopened case counts again when closed again, on that day). */
  @ApiProperty() closed!: number;
  /** 应结案数: cases whose deadline falls in the period (the one in force at closing, or the current one while open). */
  @ApiProperty() due!: number;
  /** 按期结案数: of the cases due in the period, those closed by that deadline. */
  @ApiProperty() closedOnTime!: number;
  /** 当前超期数: open cases whose running deadline has passed, now (not in day or month rows). */
  @ApiProperty({ type: Number, nullable: true }) overdueNow!: number | null;
  /** 返工数: failed verifications in the period. */
  @ApiProperty() reworked!: number;
  /** 升级数: escalations one level up in the period (manual and overdue). */
  @ApiProperty() escalated!: number;
  /** 重新打开数: closed cases reopened in the period. */
  @ApiProperty() reopened!: number;
  /** 核查数: verifications in the period (passed, closing the case, or failed, sending it back). */
  @ApiProperty() verified!: number;
  /** 及时核查数: of those, the ones within the time limit of the handling report they checked (see the definitions). */
  @ApiProperty() verifiedOnTime!: number;
  /** 期末未结数: cases open at the end of the period (reported and not closed, rejected, cancelled or merged). */
  @ApiProperty() open!: number;
  /** 办结率: closed / found. */
  @ApiProperty({ type: RateView }) closureRate!: RateView;
  /** 按期结案率: closedOnTime / due. */
  @ApiProperty({ type: RateView }) onTimeRate!: RateView;
  /** 返工率: reworked / handled. */
  @ApiProperty({ type: RateView }) reworkRate!: RateView;
  /** 立案率: filed / found. */
  @ApiProperty({ type: RateView }) filingRate!: RateView;
  /** 及时核查率: verifiedOnTime / verified. */
  @ApiProperty({ type: RateView }) verificationOnTimeRate!: RateView;
  /** 平均结案时长: mean wall-clock hours from report to closing of the cases closed, rounded half-up to 2 places; null when none closed. */
  @ApiProperty({ type: String, nullable: true, example: '30.50' }) avgHoursToClose!: string | null;
  /** 90% 结案时长: hours within which 90% of the closed cases were closed (upper edge of its histogram bucket, see the definitions); null when none closed. */
  @ApiProperty({ type: String, nullable: true, example: '48.00' }) p90HoursToClose!: string | null;
  /** 平均结案工作时长: mean working hours (ticketing's working calendar) from report to closing of the cases closed, rounded half-up to 2 places; null when none closed with it known. */
  @ApiProperty({ type: String, nullable: true, example: '12.25' }) avgWorkingHoursToClose!: string | null;
  /** 90% 结案工作时长: working hours within which 90% of the closed cases were closed (upper edge of its histogram bucket); null when none. */
  @ApiProperty({ type: String, nullable: true, example: '24.00' }) p90WorkingHoursToClose!: string | null;
  /** 巡查数: patrols logged in the period; null with a category (field work has none). */
  @ApiProperty({ type: Number, nullable: true }) patrols!: number | null;
  /** 巡查覆盖率: level-3 grid-days patrolled / level-3 grid-days, over the days of the period up to today; null with a category. */
  @ApiProperty({ type: RateView, nullable: true }) patrolCoverage!: RateView | null;
  /** 走访数: visits logged in the period; null with a category. */
  @ApiProperty({ type: Number, nullable: true }) visits!: number | null;
  /** 重点场所覆盖率: key-location-days with both a visit and a patrol of its grid / key-location-days, up to today; null with a category. */
  @ApiProperty({ type: RateView, nullable: true }) keyLocationCoverage!: RateView | null;
}

/** One row of a breakdown. */
export class KpiRowView {
  /** Node code (`child`), category code (`category`), day `YYYY-MM-DD` (`day`) or month `YYYY-MM` (`month`). */
  @ApiProperty({ example: '410102005001' }) key!: string;
  /** Name of the node or category when known from the events; null for days and months. */
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  /** The row's figures; for day and month rows only what happened within the row. */
  @ApiProperty({ type: KpiFiguresView }) figures!: KpiFiguresView;
}

/** The node a report is about. */
export class KpiNodeView {
  /** Node code. */
  @ApiProperty({ example: '410102005' }) code!: string;
  /** Name, from grid-registry's events; null when no event named it yet. */
  @ApiProperty({ type: String, nullable: true, example: '林山寨街道' }) name!: string | null;
  /** Codes from the city down to the node. */
  @ApiProperty({ type: [String] }) path!: string[];
}

/** The period a report covers. */
export class KpiPeriodView {
  /** First day, included. */
  @ApiProperty({ format: 'date', example: '2013-01-01' }) from!: string;
  /** Last day, included. */
  @ApiProperty({ format: 'date', example: '2013-03-31' }) to!: string;
  /** The named period asked for (`2013-Q1`), or null for a custom range. */
  @ApiProperty({ type: String, nullable: true, example: '2013-Q1' }) label!: string | null;
  /** Time zone the days are days of. */
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
}

/** `GET /api/v1/reports/kpis`: the figures, and one row per group when asked. */
export class KpiReportView {
  /** The node whose subtree is counted. */
  @ApiProperty({ type: KpiNodeView }) node!: KpiNodeView;
  /** The category asked for (and those beneath it), or null for all. */
  @ApiProperty({ type: String, nullable: true, example: 'CM' }) category!: string | null;
  /** The days counted, both included, and the time zone they are days of. */
  @ApiProperty({ type: KpiPeriodView }) period!: KpiPeriodView;
  /** The breakdown asked for, or null. */
  @ApiProperty({ enum: KpiGroupBy, enumName: 'KpiGroupBy', nullable: true }) groupBy!: KpiGroupBy | null;
  /** Totals over the node, category and period. */
  @ApiProperty({ type: KpiFiguresView }) figures!: KpiFiguresView;
  /** One row per group (empty without `groupBy`), in code or time order. */
  @ApiProperty({ type: [KpiRowView] }) rows!: KpiRowView[];
  /** When the figures were read. */
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  /** True while the read models are being rebuilt from the stream: the figures are still partial. */
  @ApiProperty() rebuilding!: boolean;
}

/** What a KPI is: a count, a rate (fraction), hours, or a reading of now. */
export type KpiKind = 'count' | 'rate' | 'hours' | 'now';

/** One KPI: its stable key (the property of `KpiFiguresView`), names and formula. */
export class KpiDefinitionView {
  /** Stable key, the name of the figure in `KpiFiguresView`. */
  @ApiProperty({ example: 'closureRate' }) key!: string;
  /** Chinese name. */
  @ApiProperty({ example: '办结率' }) nameZh!: string;
  /** English name. */
  @ApiProperty({ example: 'Closure rate' }) nameEn!: string;
  /** `count`, `rate` (a `RateView`), `hours` (a decimal string) or `now` (read at query time). */
  @ApiProperty({ enum: ['count', 'rate', 'hours', 'now'] }) kind!: KpiKind;
  /** How it is computed, in English, naming the day a case counts on. */
  @ApiProperty({ example: 'closed / found' }) formula!: string;
  /** The same in Chinese. */
  @ApiProperty({ example: '结案数 / 发现数' }) formulaZh!: string;
}

/** Every KPI, in the order reports list them. */
export const KPI_DEFINITIONS: readonly KpiDefinitionView[] = Object.freeze([
  {
    key: 'found',
    nameZh: '发现数',
    nameEn: 'Cases found',
    kind: 'count',
    formula: 'cases reported, on the day reported',
    formulaZh: '期内上报的问题数（按上报日）',
  },
  { key: 'filed', nameZh: '立案数', nameEn: 'Cases filed', kind: 'count', formula: 'cases filed, on the day filed', formulaZh: '期内立案数（按立案日）' },
  { key: 'rejected', nameZh: '不予立案数', nameEn: 'Cases rejected', kind: 'count', formula: 'cases not filed, on the day rejected', formulaZh: '期内不予立案数（按不予立案日）' },
  {
    key: 'dispatched',
    nameZh: '派遣数',
    nameEn: 'Cases dispatched',
    kind: 'count',
    formula: 'cases dispatched, on the day of their first dispatch',
    formulaZh: '期内首次派遣的案件数（按首次派遣日）',
  },
  {
    key: 'handled',
    nameZh: '处置反馈数',
    nameEn: 'Handling reports',
    kind: 'count',
    formula: 'handling reports, on the day reported (a reworked case reports again)',
    formulaZh: '期内处置反馈次数（返工后再次反馈另计）',
  },
  {
    key: 'closed',
    nameZh: '结案数',
    nameEn: 'Cases closed',
    kind: 'count',
    formula: 'cases whose closing stands, on the day closed; a reopened case is taken off that day and counts again on the day it is closed again',
    formulaZh: '期内结案且未被重新打开的案件数（按结案日；重新打开后再次结案按新结案日计）',
  },
  {
    key: 'due',
    nameZh: '应结案数',
    nameEn: 'Cases due',
    kind: 'count',
    formula: 'cases whose deadline falls in the period: the deadline in force at closing, or the current one while open (extensions, suspensions and escalations move it); on the day due',
    formulaZh: '期限落在期内的案件数（已结案按结案时有效期限，未结案按当前期限；按到期日）',
  },
  {
    key: 'closedOnTime',
    nameZh: '按期结案数',
    nameEn: 'Cases closed on time',
    kind: 'count',
    formula: 'cases due in the period and closed by that deadline, on the day due',
    formulaZh: '期内应结案且在期限内结案的案件数（按到期日）',
  },
  {
    key: 'overdueNow',
    nameZh: '当前超期数',
    nameEn: 'Overdue now',
    kind: 'now',
    formula: 'open cases with a running deadline (dispatched, accepted, returned) that has passed, at the time of the query; not broken down by day or month',
    formulaZh: '查询时处于计时状态（已派遣、已受理、已退回）且已超过期限的案件数',
  },
  { key: 'reworked', nameZh: '返工数', nameEn: 'Reworks', kind: 'count', formula: 'failed verifications, on the day verified', formulaZh: '期内核查不通过（返工）次数' },
  {
    key: 'escalated',
    nameZh: '升级数',
    nameEn: 'Escalations',
    kind: 'count',
    formula: 'escalations one level up, manual and overdue, on the day escalated',
    formulaZh: '期内上报升级次数（含手动与超期自动升级）',
  },
  { key: 'reopened', nameZh: '重新打开数', nameEn: 'Reopenings', kind: 'count', formula: 'closed cases reopened, on the day reopened', formulaZh: '期内重新打开次数' },
  {
    key: 'verified',
    nameZh: '核查数',
    nameEn: 'Verifications',
    kind: 'count',
    formula: 'verifications of a handling report, passed (the case closes) or failed (rework), on the day verified',
    formulaZh: '期内对处置反馈的核查次数（通过结案或不通过返工，按核查日）',
  },
  {
    key: 'verifiedOnTime',
    nameZh: '及时核查数',
    nameEn: 'Timely verifications',
    kind: 'count',
    formula: "verifications made within the deployment's VERIFY_LIMIT_HOURS (24 unless set) wall-clock hours of the handling report they checked, on the day verified",
    formulaZh: '期内在处置反馈后规定时限（部署参数 VERIFY_LIMIT_HOURS，默认 24 小时）内完成的核查次数',
  },
  {
    key: 'open',
    nameZh: '期末未结数',
    nameEn: 'Open at period end',
    kind: 'count',
    formula: 'cases reported by the end of the period and not settled (closed, rejected, cancelled or merged) at its end',
    formulaZh: '期末仍未办结（未结案、未不予立案、未撤销、未合并）的案件数',
  },
  { key: 'closureRate', nameZh: '办结率', nameEn: 'Closure rate', kind: 'rate', formula: 'closed / found', formulaZh: '结案数 / 发现数' },
  { key: 'onTimeRate', nameZh: '按期结案率', nameEn: 'On-time closure rate', kind: 'rate', formula: 'closedOnTime / due', formulaZh: '按期结案数 / 应结案数' },
  { key: 'reworkRate', nameZh: '返工率', nameEn: 'Rework rate', kind: 'rate', formula: 'reworked / handled', formulaZh: '返工数 / 处置反馈数' },
  { key: 'filingRate', nameZh: '立案率', nameEn: 'Filing rate', kind: 'rate', formula: 'filed / found', formulaZh: '立案数 / 发现数' },
  { key: 'verificationOnTimeRate', nameZh: '及时核查率', nameEn: 'Timely verification rate', kind: 'rate', formula: 'verifiedOnTime / verified', formulaZh: '及时核查数 / 核查数' },
  {
    key: 'avgHoursToClose',
    nameZh: '平均结案时长',
    nameEn: 'Average hours to close',
    kind: 'hours',
    formula: 'mean wall-clock hours from report to closing of the cases closed in the period, rounded half-up to 2 places (wall-clock; avgWorkingHoursToClose counts working time)',
    formulaZh: '期内结案案件从上报到结案的平均自然小时数（自然时间，四舍五入到两位小数）',
  },
  {
    key: 'p90HoursToClose',
    nameZh: '90% 结案时长',
    nameEn: '90th percentile hours to close',
    kind: 'hours',
    formula:
      'wall-clock hours within which 90% of the cases closed in the period were closed: the upper edge of the histogram bucket holding the 90th percentile (buckets of 15 minutes up to 1 h, 1 h up to 24 h, 6 h up to 3 days, 12 h up to 7 days, 1 day up to 30 days, 7 days up to 1 year; beyond a year, 8760)',
    formulaZh: '期内结案案件中 90% 在此自然小时数内结案（取第 90 百分位所在区间的上限）',
  },
  {
    key: 'avgWorkingHoursToClose',
    nameZh: '平均结案工作时长',
    nameEn: 'Average working hours to close',
    kind: 'hours',
    formula:
      "mean working hours from report to closing of the cases closed in the period, on ticketing's working calendar (working periods of working days; holidays and make-up days as set), rounded half-up to 2 places",
    formulaZh: '期内结案案件从上报到结案的平均工作小时数（按工作日历的工作时段计算，四舍五入到两位小数）',
  },
  {
    key: 'p90WorkingHoursToClose',
    nameZh: '90% 结案工作时长',
    nameEn: '90th percentile working hours to close',
    kind: 'hours',
    formula: 'working hours within which 90% of the cases closed in the period were closed: the upper edge of the histogram bucket holding the 90th percentile (the buckets of p90HoursToClose)',
    formulaZh: '期内结案案件中 90% 在此工作小时数内结案（取第 90 百分位所在区间的上限）',
  },
  {
    key: 'patrols',
    nameZh: '巡查数',
    nameEn: 'Patrols',
    kind: 'count',
    formula: 'patrols logged, on the day patrolled (field work has no category: null for a category)',
    formulaZh: '期内巡查记录数（巡查不分类别，按类别查询时为空）',
  },
  {
    key: 'patrolCoverage',
    nameZh: '巡查覆盖率',
    nameEn: 'Patrol coverage',
    kind: 'rate',
    formula:
      'level-3 grid-days with a patrol / level-3 grid-days, over the days of the period up to today (the daily coverage averaged, weighted by the grids of each day); a grid counts from the day grid-registry created it to the day before it was retired; null for a category',
    formulaZh: '有巡查的三级网格·日数 / 三级网格·日数（统计到今天为止）',
  },
  { key: 'visits', nameZh: '走访数', nameEn: 'Visits', kind: 'count', formula: 'visits logged, on the day visited (null for a category)', formulaZh: '期内走访记录数（按类别查询时为空）' },
  {
    key: 'keyLocationCoverage',
    nameZh: '重点场所覆盖率',
    nameEn: 'Key-location coverage',
    kind: 'rate',
    formula:
      'key-location-days on which the key location was visited and its grid patrolled / key-location-days (each key location from the day it was registered, under the node it is in now), over the days of the period up to today (null for a category)',
    formulaZh: '重点场所当日既有走访又有所在网格巡查的天数 / 重点场所天数（自登记之日起，截至今日；按类别查询时为空）',
  },
]);
