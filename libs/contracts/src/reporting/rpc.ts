import type { LivelihoodQuery, LivelihoodReportView } from './livelihood';
import type { RelocationProgressQuery, RelocationProgressView, VolunteerFiguresQuery, VolunteerFiguresView } from './programmes';
import type { AuditEntryView, ListAuditQuery } from '../common/audit';
import type { DeadLetterIdRequest, DeadLetterReplayView, DeadLetterView, ListDeadLettersQuery } from '../common/dead-letters';
import type { Page, RpcDefinition } from '../common/rpc';
import type { KpiDefinitionView, KpiQuery, KpiReportView } from './kpis';
import type { KpiDashboardQuery, KpiDashboardView } from './live';
import type { RebuildView } from './rebuild';

/** RPC patterns answered by reporting (NATS request/reply, queue group `reporting`). */
export const ReportingRpc = {
  kpiDefinitions: 'reporting.kpi.definitions',
  kpiQuery: 'reporting.kpi.query',
  kpiDashboard: 'reporting.kpi.dashboard',
  rebuildStart: 'reporting.rebuild.start',
  rebuildLatest: 'reporting.rebuild.latest',
  deadLetterList: 'reporting.dead-letter.list',
  deadLetterReplay: 'reporting.dead-letter.replay',
  auditList: 'reporting.audit.list',
  livelihood: 'reporting.livelihood.figures',
  volunteers: 'reporting.volunteers.figures',
  relocation: 'reporting.relocation.progress',
} as const;

/** Typed map: pattern → request payload and response. */
export type ReportingRpcMap = {
  'reporting.kpi.definitions': RpcDefinition<Record<string, never>, KpiDefinitionView[]>;
  'reporting.kpi.query': RpcDefinition<KpiQuery, KpiReportView>;
  'reporting.kpi.dashboard': RpcDefinition<KpiDashboardQuery, KpiDashboardView>;
  'reporting.rebuild.start': RpcDefinition<Record<string, never>, RebuildView>;
  'reporting.rebuild.latest': RpcDefinition<Record<string, never>, RebuildView>;
  'reporting.dead-letter.list': RpcDefinition<ListDeadLettersQuery, Page<DeadLetterView>>;
  'reporting.dead-letter.replay': RpcDefinition<DeadLetterIdRequest, DeadLetterReplayView>;
  'reporting.audit.list': RpcDefinition<ListAuditQuery, Page<AuditEntryView>>;
  'reporting.livelihood.figures': RpcDefinition<LivelihoodQuery, LivelihoodReportView>;
  'reporting.volunteers.figures': RpcDefinition<VolunteerFiguresQuery, VolunteerFiguresView>;
  'reporting.relocation.progress': RpcDefinition<RelocationProgressQuery, RelocationProgressView>;
};
