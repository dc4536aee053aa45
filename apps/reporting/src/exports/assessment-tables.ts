import {
  type AssessmentHeaderView,
  type AssessmentReportView,
  type AssessmentRuleView,
  type AssessmentScoreView,
  KPI_DEFINITIONS,
  RankingOf,
  type RankingReportView,
  ScaleKind,
  ScoreDirection,
} from '@citygrid/contracts/reporting';

import { type Cell, type Column, dataAsOfLine, quarterZh, type ReportFile, type Table } from './report-file';

const KPI = new Map(KPI_DEFINITIONS.map((d) => [d.key, d]));

const OUTCOME_ZH = { reward: '奖励', penalty: '处罚' } as const;

export const RANKING_OF_ZH: Readonly<Record<RankingOf, string>> = { [RankingOf.Children]: '下级节点', [RankingOf.Grids]: '三级网格', [RankingOf.Staff]: '网格人员' };

/** The sheet a subject is listed on, in the order sheets come. */
const GROUPS = [
  { name: '市级', test: (s: AssessmentScoreView) => s.subject.kind === 'city' },
  { name: '区级', test: (s: AssessmentScoreView) => s.subject.kind === 'district' },
  { name: '街道', test: (s: AssessmentScoreView) => s.subject.kind === 'subdistrict' },
  { name: '社区', test: (s: AssessmentScoreView) => s.subject.kind === 'community' },
  { name: '二级网格', test: (s: AssessmentScoreView) => s.subject.kind === 'grid' && s.subject.gridLevel === 2 },
  { name: '三级网格', test: (s: AssessmentScoreView) => s.subject.kind === 'grid' && s.subject.gridLevel === 3 },
] as const;

function kindZh(s: AssessmentScoreView): string {
  if (s.subject.kind === 'staff') return '网格人员';
  return GROUPS.find((g) => g.test(s))?.name ?? s.subject.kind;
}

const ROLE_ZH: Readonly<Record<string, string>> = { grid_leader: '网格长', grid_member: '网格员', responsible_person: '网格责任人' };

/** `4101020050010101 网格员 30 天（100.00）；…` */
function assignmentsText(s: AssessmentScoreView): string {
  return s.subject.assignments.map((a) => `${a.code} ${ROLE_ZH[a.role] ?? a.role} ${a.days} 天（${a.total}）`).join('；');
}

/** The header block of an assessment file. */
export function assessmentHeader(h: AssessmentHeaderView, extra: Array<[string, string]> = []): Array<[string, string]> {
  return [
    ['节点', `${h.node.name ?? '（未命名）'}（${h.node.code}）`],
    ['季度', `${quarterZh(h.quarter)}（${h.period.from} 至 ${h.period.to}，${h.period.timeZone}）`],
    ['考核规则版本', `第 ${h.rule.version} 版「${h.rule.name}」（${h.rule.effectiveFrom} 起施行）`],
    ['状态', h.final ? '已定稿：季度已结束，按所列规则版本评分' : '季度进行中：得分随数据变化，规则版本在季度结束后固定'],
    ...extra,
    dataAsOfLine(h.dataAsOf, h.period.timeZone),
    ...(h.rebuilding ? ([['注意', '读模型重建中，得分不完整']] as Array<[string, string]>) : []),
  ];
}

/** The score columns of a rule: each indicator's value and points, each item's count and points, then the sums. */
function scoreColumns(rule: AssessmentRuleView): Column[] {
  return [
    ...rule.indicators.flatMap((i): Column[] => {
      const name = KPI.get(i.key)?.nameZh ?? i.key;
      const kind = KPI.get(i.key)?.kind;
      return [
        { header: kind === 'rate' ? `${name}(%)` : kind === 'hours' ? `${name}(小时)` : name, kind: kind === 'count' ? 'integer' : 'decimal' },
        { header: `${name}得分(权重${i.weight})`, kind: 'decimal' },
      ];
    }),
    ...rule.adjustments.flatMap((a): Column[] => [
      { header: `${a.label}(次)`, kind: 'integer' },
      { header: `${a.label}(分)`, kind: 'decimal' },
    ]),
    { header: '基础分', kind: 'decimal' },
    { header: '加减分', kind: 'decimal' },
    { header: '总分', kind: 'decimal' },
    { header: '奖惩', kind: 'text' },
  ];
}

function scoreCells(rule: AssessmentRuleView, s: AssessmentScoreView): Cell[] {
  const staff = s.subject.kind === 'staff';
  return [
    ...rule.indicators.flatMap((i): Cell[] => {
      const ind = s.indicators.find((x) => x.key === i.key);
      return staff || !ind ? [null, null] : [ind.value, ind.points];
    }),
    ...rule.adjustments.flatMap((a): Cell[] => {
      const adj = s.adjustments.find((x) => x.fact === a.fact);
      return staff || !adj ? [null, null] : [adj.count, adj.points];
    }),
    s.base,
    s.adjustment,
    s.total,
    s.outcome ? OUTCOME_ZH[s.outcome] : null,
  ];
}

const RANK_COLUMNS: Column[] = [
  { header: '排名', kind: 'integer' },
  { header: '参评数', kind: 'integer' },
];

/** A table of nodes' scores. */
function nodeTable(name: string, rule: AssessmentRuleView, scores: readonly AssessmentScoreView[]): Table {
  return {
    name,
    columns: [...RANK_COLUMNS, { header: '编码', kind: 'text' }, { header: '名称', kind: 'text' }, { header: '上级编码', kind: 'text' }, ...scoreColumns(rule)],
    rows: scores.map((s) => [s.rank, s.rankOf, s.subject.code, s.subject.name, s.subject.parentCode, ...scoreCells(rule, s)]),
  };
}

function staffTable(scores: readonly AssessmentScoreView[]): Table {
  return {
    name: '网格人员',
    columns: [
      ...RANK_COLUMNS,
      { header: '人员编号', kind: 'text' },
      { header: '姓名', kind: 'text' },
      { header: '考核节点（角色、天数、节点得分）', kind: 'text' },
      { header: '总分', kind: 'decimal' },
      { header: '奖惩', kind: 'text' },
    ],
    rows: scores.map((s) => [s.rank, s.rankOf, s.subject.code, s.subject.name, assignmentsText(s), s.total, s.outcome ? OUTCOME_ZH[s.outcome] : null]),
  };
}

function outcomesTable(r: AssessmentReportView): Table {
  return {
    name: '奖惩名单',
    columns: [
      { header: '奖惩', kind: 'text' },
      { header: '类型', kind: 'text' },
      { header: '编码', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '上级编码', kind: 'text' },
      ...RANK_COLUMNS,
      { header: '总分', kind: 'decimal' },
    ],
    rows: r.rewardsAndPenalties.map((s) => [s.outcome ? OUTCOME_ZH[s.outcome] : null, kindZh(s), s.subject.code, s.subject.name, s.subject.parentCode, s.rank, s.rankOf, s.total]),
  };
}

/** The rule version as a table: its indicators, items and who is rewarded or penalised. */
export function ruleTable(rule: AssessmentRuleView): Table {
  const indicator = (i: AssessmentRuleView['indicators'][number]): Cell[] => [
    '指标',
    `${KPI.get(i.key)?.nameZh ?? i.key}（${i.key}）`,
    i.weight,
    i.direction === ScoreDirection.Higher ? '越高越好' : '越低越好',
    i.scale === ScaleKind.Linear
      ? `线性：${i.worst} 得 0，${i.best} 得满分`
      : `分档：${(i.bands ?? []).map((b) => `${i.direction === ScoreDirection.Higher ? '≥' : '≤'}${b.threshold} 得 ${b.score}%`).join('，')}，其余 0`,
    i.whenMissing === 'full' ? '无数据得满分' : '无数据得 0',
  ];
  const severity = { high: '严重', medium: '一般及以上', low: '任一问题' }[rule.failingSeverity];
  return {
    name: '考核细则',
    columns: [
      { header: '项目', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '权重/分值', kind: 'text' },
      { header: '方向', kind: 'text' },
      { header: '计分方式', kind: 'text' },
      { header: '说明', kind: 'text' },
    ],
    rows: [
      ...rule.indicators.map(indicator),
      ...rule.adjustments.map((a): Cell[] => ['加减分', `${a.label}（${a.fact}）`, `每次 ${a.points}`, a.points.startsWith('-') ? '扣分' : '加分', a.cap ? `上限 ${a.cap} 分` : '不设上限', null]),
      ['督查不合格', `发现${severity}问题即不合格`, null, null, null, null],
      [
        '奖励',
        rule.rewardTop !== null || rule.rewardMinScore !== null
          ? [rule.rewardTop !== null ? `排名前 ${rule.rewardTop}` : null, rule.rewardMinScore !== null ? `总分不低于 ${rule.rewardMinScore}` : null].filter(Boolean).join('且')
          : '不设奖励',
        null,
        null,
        null,
        null,
      ],
      ['处罚', rule.penaltyBelowScore !== null ? `总分低于 ${rule.penaltyBelowScore}（受处罚者不予奖励）` : '不设处罚', null, null, null, null],
      ['说明', rule.description || null, null, null, null, null],
    ],
  };
}

/**
 * An assessment as a workbook: a sheet per kind of node (the node asked about on its kind's sheet,
 * unranked), the staff, the reward and penalty list, and the rule version. As CSV (`oneTable`),
 * every score in one table instead of a sheet per kind.
 */
export function assessmentFile(r: AssessmentReportView, rule: AssessmentRuleView, oneTable: boolean): ReportFile {
  const nodes = r.scores.filter((s) => s.subject.kind !== 'staff');
  const staff = r.scores.filter((s) => s.subject.kind === 'staff');
  let scoreTables: Table[];
  if (oneTable) {
    const columns: Column[] = [
      { header: '类型', kind: 'text' },
      ...RANK_COLUMNS,
      { header: '编码', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '上级编码', kind: 'text' },
      ...scoreColumns(rule),
      { header: '考核节点（人员）', kind: 'text' },
    ];
    scoreTables = [
      {
        name: '考核得分',
        columns,
        rows: r.scores.map((s) => [kindZh(s), s.rank, s.rankOf, s.subject.code, s.subject.name, s.subject.parentCode, ...scoreCells(rule, s), s.subject.kind === 'staff' ? assignmentsText(s) : null]),
      },
    ];
  } else {
    scoreTables = [
      ...GROUPS.map((g) => ({ name: g.name, scores: nodes.filter(g.test) }))
        .filter((g) => g.scores.length > 0)
        .map((g) => nodeTable(g.name, rule, g.scores)),
      ...(staff.length ? [staffTable(staff)] : []),
    ];
  }
  return {
    title: `${r.node.name ?? r.node.code} ${quarterZh(r.quarter)}量化考核`,
    header: assessmentHeader(r),
    tables: [...scoreTables, outcomesTable(r), ruleTable(rule)],
    dataAsOf: r.dataAsOf,
  };
}

/** A ranking as a file of one table. */
export function rankingFile(r: RankingReportView, rule: AssessmentRuleView): ReportFile {
  const staff = r.of === RankingOf.Staff;
  return {
    title: `${r.node.name ?? r.node.code} ${quarterZh(r.quarter)}${RANKING_OF_ZH[r.of]}排名`,
    header: assessmentHeader(r, [['排名对象', RANKING_OF_ZH[r.of]]]),
    tables: [staff ? { ...staffTable(r.rows), name: '排名' } : nodeTable('排名', rule, r.rows)],
    dataAsOf: r.dataAsOf,
  };
}
