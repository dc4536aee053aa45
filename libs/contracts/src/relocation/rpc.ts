import type { Page, RpcDefinition } from '../common/rpc';
import type {
  AdvanceHelpRequestDto,
  AdvanceHouseholdDto,
  AssignHouseholdsDto,
  CreateHelpRequestDto,
  CreateRelocationProjectDto,
  CreateWorkPackageDto,
  DailyReportView,
  HelpRequestView,
  ListRelocationPlacesQuery,
  ListRelocationProjectsQuery,
  MeetingAgendaView,
  PagingQueryLike,
  ProgressCurveView,
  ProjectItem,
  ProjectScoped,
  RelocationHouseholdView,
  RelocationIdRequest,
  RelocationPlaceView,
  RelocationProjectView,
  ReportDateQuery,
  SetHoldoutDto,
  UpdateRelocationProjectRequest,
  WorkPackageView,
} from './relocation';

/** RPC patterns answered by relocation (queue group `relocation`). */
export const RelocationRpc = {
  projectCreate: 'relocation.project.create',
  projectList: 'relocation.project.list',
  projectGet: 'relocation.project.get',
  projectUpdate: 'relocation.project.update',
  projectResolve: 'relocation.project.resolve',
  placeList: 'relocation.place.list',
  householdGet: 'relocation.household.get',
  householdAdvance: 'relocation.household.advance',
  householdHoldout: 'relocation.household.holdout',
  packageCreate: 'relocation.package.create',
  packageList: 'relocation.package.list',
  packageAssign: 'relocation.package.assign',
  helpCreate: 'relocation.help.create',
  helpList: 'relocation.help.list',
  helpGet: 'relocation.help.get',
  helpAdvance: 'relocation.help.advance',
  dailyReport: 'relocation.report.daily',
  meetingAgenda: 'relocation.report.agenda',
  progressCurve: 'relocation.report.curve',
} as const;

/** Typed map: pattern → request payload and response. */
export type RelocationRpcMap = {
  'relocation.project.create': RpcDefinition<CreateRelocationProjectDto, RelocationProjectView>;
  'relocation.project.list': RpcDefinition<ListRelocationProjectsQuery, Page<RelocationProjectView>>;
  'relocation.project.get': RpcDefinition<RelocationIdRequest, RelocationProjectView>;
  'relocation.project.update': RpcDefinition<UpdateRelocationProjectRequest, RelocationProjectView>;
  /** Resolve (again) what lies inside the red line from grid-registry places. */
  'relocation.project.resolve': RpcDefinition<RelocationIdRequest, RelocationProjectView>;
  'relocation.place.list': RpcDefinition<ProjectScoped<ListRelocationPlacesQuery>, Page<RelocationPlaceView>>;
  'relocation.household.get': RpcDefinition<ProjectItem<object>, RelocationHouseholdView>;
  'relocation.household.advance': RpcDefinition<ProjectItem<AdvanceHouseholdDto>, RelocationHouseholdView>;
  'relocation.household.holdout': RpcDefinition<ProjectItem<SetHoldoutDto>, RelocationHouseholdView>;
  'relocation.package.create': RpcDefinition<ProjectScoped<CreateWorkPackageDto>, WorkPackageView>;
  'relocation.package.list': RpcDefinition<ProjectScoped<object>, WorkPackageView[]>;
  'relocation.package.assign': RpcDefinition<ProjectItem<AssignHouseholdsDto>, WorkPackageView>;
  'relocation.help.create': RpcDefinition<ProjectScoped<CreateHelpRequestDto>, HelpRequestView>;
  'relocation.help.list': RpcDefinition<ProjectScoped<PagingQueryLike>, Page<HelpRequestView>>;
  'relocation.help.get': RpcDefinition<ProjectItem<object>, HelpRequestView>;
  'relocation.help.advance': RpcDefinition<ProjectItem<AdvanceHelpRequestDto>, HelpRequestView>;
  'relocation.report.daily': RpcDefinition<ProjectScoped<ReportDateQuery>, DailyReportView>;
  'relocation.report.agenda': RpcDefinition<ProjectScoped<ReportDateQuery>, MeetingAgendaView>;
  'relocation.report.curve': RpcDefinition<ProjectScoped<ReportDateQuery>, ProgressCurveView>;
};
