import type { Page, RpcDefinition } from '../common/rpc';
import type {
  AdvanceHelpRequestRequest,
  AdvanceHouseholdRequest,
  AssignHouseholdsRequest,
  CreateHelpRequestRequest,
  CreateRelocationProjectDto,
  CreateWorkPackageRequest,
  DailyReportView,
  HelpRequestView,
  ListHelpRequestsRequest,
  ListRelocationPlacesRequest,
  ListRelocationProjectsQuery,
  MeetingAgendaView,
  ProgressCurveView,
  RelocationHouseholdView,
  RelocationIdRequest,
  RelocationItemRequest,
  RelocationPlaceView,
  RelocationProjectRequest,
  RelocationProjectView,
  RelocationReportRequest,
  SetHoldoutRequest,
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
  'relocation.place.list': RpcDefinition<ListRelocationPlacesRequest, Page<RelocationPlaceView>>;
  'relocation.household.get': RpcDefinition<RelocationItemRequest, RelocationHouseholdView>;
  'relocation.household.advance': RpcDefinition<AdvanceHouseholdRequest, RelocationHouseholdView>;
  'relocation.household.holdout': RpcDefinition<SetHoldoutRequest, RelocationHouseholdView>;
  'relocation.package.create': RpcDefinition<CreateWorkPackageRequest, WorkPackageView>;
  'relocation.package.list': RpcDefinition<RelocationProjectRequest, WorkPackageView[]>;
  'relocation.package.assign': RpcDefinition<AssignHouseholdsRequest, WorkPackageView>;
  'relocation.help.create': RpcDefinition<CreateHelpRequestRequest, HelpRequestView>;
  'relocation.help.list': RpcDefinition<ListHelpRequestsRequest, Page<HelpRequestView>>;
  'relocation.help.get': RpcDefinition<RelocationItemRequest, HelpRequestView>;
  'relocation.help.advance': RpcDefinition<AdvanceHelpRequestRequest, HelpRequestView>;
  'relocation.report.daily': RpcDefinition<RelocationReportRequest, DailyReportView>;
  'relocation.report.agenda': RpcDefinition<RelocationReportRequest, MeetingAgendaView>;
  'relocation.report.curve': RpcDefinition<RelocationReportRequest, ProgressCurveView>;
};
