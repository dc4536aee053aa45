import { EmploymentRpc, type EmploymentRpcMap } from './employment/rpc';
import { CommunityServicesRpc, type CommunityServicesRpcMap } from './community-services/rpc';
import { GridRegistryRpc, type GridRegistryRpcMap } from './grid-registry/rpc';
import { HealthRpc, type HealthRpcMap } from './health/rpc';
import { IdentityRpc, type IdentityRpcMap } from './identity/rpc';
import { ApiScope } from './identity/roles';
import { AssessmentRpc, type AssessmentRpcMap } from './reporting/assessment';
import { ExportRpc, type ExportRpcMap } from './reporting/exports';
import { NotificationsRpc, type NotificationsRpcMap } from './notifications/rpc';
import { ReportingRpc, type ReportingRpcMap } from './reporting/rpc';
import { RelocationRpc, type RelocationRpcMap } from './relocation/rpc';
import { SchoolingRpc, type SchoolingRpcMap } from './schooling/rpc';
import { VolunteersRpc, type VolunteersRpcMap } from './volunteers/rpc';
import { CampaignsRpc, type CampaignsRpcMap } from './ticketing/campaigns';
import { PatrolsRpc, type PatrolsRpcMap } from './ticketing/patrols';
import { TicketingRpc, type TicketingRpcMap } from './ticketing/rpc';
import { StandupsRpc, type StandupsRpcMap } from './ticketing/standups';
import { SupervisionRpc, type SupervisionRpcMap } from './ticketing/supervision';

/**
 * Every RPC pattern of every service with its request and response types: what the one RPC
 * client (`RpcClient` of `@citygrid/service-kit`) is typed by.
 */
export type CityGridRpcMap = GridRegistryRpcMap &
  IdentityRpcMap &
  TicketingRpcMap &
  PatrolsRpcMap &
  StandupsRpcMap &
  CampaignsRpcMap &
  SupervisionRpcMap &
  ReportingRpcMap &
  AssessmentRpcMap &
  ExportRpcMap &
  NotificationsRpcMap &
  SchoolingRpcMap &
  EmploymentRpcMap &
  HealthRpcMap &
  CommunityServicesRpcMap &
  RelocationRpcMap &
  VolunteersRpcMap;

/** Every RPC pattern of every service. */
export type RpcPattern = keyof CityGridRpcMap & string;

/** What an API client needs for an operation: any one of these OAuth scopes, or `staff-only` (no client may call it). */
export type ClientAccess = readonly ApiScope[] | 'staff-only';

const R = [ApiScope.RegistryRead, ApiScope.RegistryWrite] as const;
const W = [ApiScope.RegistryWrite] as const;
const CR = [ApiScope.CasesRead] as const;
const CW = [ApiScope.CasesWrite] as const;
/** Intake resolves the reported point to its grid as the caller: a client that reports may look up. */
const LOOKUP = [ApiScope.RegistryRead, ApiScope.RegistryWrite, ApiScope.CasesWrite] as const;
const STAFF = 'staff-only' as const;

/**
 * The OAuth scope an API client (client credentials) must hold for each operation, checked by the
 * service that answers it (and documented per operation in OpenAPI). Staff accounts are judged by
 * role and node scope instead. The type lists every pattern, so a new operation cannot be added
 * without deciding who may call it. Personal data (residents), the audit trail, dead letters, accounts, field
 * work, case handling, rebuilding the read models and notifications are for staff only; the login and token endpoints need no caller.
 */
export const CLIENT_ACCESS: Readonly<Record<RpcPattern, ClientAccess>> = {
  [GridRegistryRpc.nodeCreate]: W,
  [GridRegistryRpc.nodeUpdate]: W,
  [GridRegistryRpc.nodeRetire]: W,
  [GridRegistryRpc.nodeGet]: R,
  [GridRegistryRpc.nodeChildren]: R,
  [GridRegistryRpc.nodeList]: R,
  [GridRegistryRpc.nodeTree]: R,
  [GridRegistryRpc.nodeLookup]: LOOKUP,
  [GridRegistryRpc.gridIndex]: STAFF,
  [GridRegistryRpc.staffCreate]: W,
  [GridRegistryRpc.staffGet]: R,
  [GridRegistryRpc.staffList]: R,
  [GridRegistryRpc.staffAssign]: W,
  [GridRegistryRpc.staffUnassign]: W,
  [GridRegistryRpc.nodeStaff]: R,
  [GridRegistryRpc.departmentCreate]: W,
  [GridRegistryRpc.departmentGet]: R,
  [GridRegistryRpc.departmentList]: R,
  [GridRegistryRpc.departmentByCode]: R,
  [GridRegistryRpc.placeRegister]: W,
  [GridRegistryRpc.placeMove]: W,
  [GridRegistryRpc.placeGet]: R,
  [GridRegistryRpc.placeList]: R,
  [GridRegistryRpc.importStart]: W,
  [GridRegistryRpc.importGet]: W,
  [GridRegistryRpc.residentRegister]: STAFF,
  [GridRegistryRpc.residentGet]: STAFF,
  [GridRegistryRpc.residentList]: STAFF,
  [GridRegistryRpc.residentFind]: STAFF,
  [GridRegistryRpc.auditList]: STAFF,

  [IdentityRpc.authLogin]: STAFF,
  [IdentityRpc.authLogout]: STAFF,
  [IdentityRpc.oauthToken]: STAFF,
  [IdentityRpc.keysJwks]: STAFF,
  [IdentityRpc.keysRotate]: STAFF,
  [IdentityRpc.sessionRevokedList]: STAFF,
  [IdentityRpc.accountCreate]: STAFF,
  [IdentityRpc.accountGet]: STAFF,
  [IdentityRpc.accountList]: STAFF,
  [IdentityRpc.accountDisable]: STAFF,
  [IdentityRpc.accountUpdate]: STAFF,
  [IdentityRpc.accountPasswordReset]: STAFF,
  [IdentityRpc.authPasswordChange]: STAFF,
  [IdentityRpc.clientCreate]: STAFF,
  [IdentityRpc.apiKeyIssue]: STAFF,
  [IdentityRpc.apiKeyList]: STAFF,
  [IdentityRpc.apiKeyRevoke]: STAFF,
  [IdentityRpc.apiKeyExchange]: STAFF,
  [IdentityRpc.clientList]: STAFF,
  [IdentityRpc.clientDisable]: STAFF,

  [TicketingRpc.caseCreate]: CW,
  [TicketingRpc.caseGet]: CR,
  [TicketingRpc.caseList]: CR,
  [TicketingRpc.caseNearby]: CR,
  [TicketingRpc.caseTimeline]: STAFF,
  [TicketingRpc.caseUpdates]: CR,
  [TicketingRpc.caseRequests]: CR,
  [TicketingRpc.caseWork]: STAFF,
  [TicketingRpc.caseSuggestedDepartments]: STAFF,
  [TicketingRpc.caseFile]: STAFF,
  [TicketingRpc.caseReject]: STAFF,
  [TicketingRpc.caseDispatch]: STAFF,
  [TicketingRpc.caseAccept]: STAFF,
  [TicketingRpc.caseReturn]: STAFF,
  [TicketingRpc.caseHandle]: STAFF,
  [TicketingRpc.caseVerify]: STAFF,
  [TicketingRpc.caseReopen]: STAFF,
  [TicketingRpc.caseEvaluate]: STAFF,
  [TicketingRpc.caseSatisfaction]: CW,
  [TicketingRpc.caseComment]: CW,
  [TicketingRpc.caseReporters]: STAFF,
  [TicketingRpc.caseCancel]: STAFF,
  [TicketingRpc.caseExtend]: STAFF,
  [TicketingRpc.caseApproveExtension]: STAFF,
  [TicketingRpc.caseSuspend]: STAFF,
  [TicketingRpc.caseApproveSuspension]: STAFF,
  [TicketingRpc.caseResume]: STAFF,
  [TicketingRpc.caseEscalate]: STAFF,
  [TicketingRpc.casePushDown]: STAFF,
  [TicketingRpc.caseMerge]: STAFF,
  [TicketingRpc.categoryList]: CR,
  [TicketingRpc.categoryCreate]: STAFF,
  [TicketingRpc.categoryUpdate]: STAFF,
  [TicketingRpc.holidayList]: CR,
  [TicketingRpc.holidaySet]: STAFF,
  [TicketingRpc.auditList]: STAFF,
  [TicketingRpc.photoRecord]: CW,
  [TicketingRpc.photoGet]: CW,
  [IdentityRpc.auditList]: STAFF,
  [IdentityRpc.deadLetterList]: STAFF,
  [IdentityRpc.deadLetterReplay]: STAFF,

  [PatrolsRpc.patrolLog]: STAFF,
  [PatrolsRpc.patrolGet]: STAFF,
  [PatrolsRpc.patrolList]: STAFF,
  [PatrolsRpc.patrolUnpatrolled]: STAFF,
  [PatrolsRpc.patrolKeyLocations]: STAFF,
  [PatrolsRpc.patrolRaiseCase]: STAFF,
  [PatrolsRpc.visitLog]: STAFF,
  [PatrolsRpc.visitGet]: STAFF,
  [PatrolsRpc.visitList]: STAFF,
  [PatrolsRpc.visitRaiseCase]: STAFF,
  [StandupsRpc.standupAgenda]: STAFF,
  [StandupsRpc.standupRecord]: STAFF,
  [StandupsRpc.standupGet]: STAFF,
  [StandupsRpc.standupList]: STAFF,
  [CampaignsRpc.campaignCreate]: STAFF,
  [CampaignsRpc.campaignGet]: STAFF,
  [CampaignsRpc.campaignList]: STAFF,
  [CampaignsRpc.campaignProgress]: STAFF,
  [SupervisionRpc.flagCreate]: STAFF,
  [SupervisionRpc.flagGet]: STAFF,
  [SupervisionRpc.flagList]: STAFF,
  [SupervisionRpc.inspectionRecord]: STAFF,
  [SupervisionRpc.inspectionGet]: STAFF,
  [SupervisionRpc.inspectionList]: STAFF,

  // Figures of a client's node subtree are read with the scope that reads its cases.
  [ReportingRpc.kpiDefinitions]: CR,
  [ReportingRpc.kpiQuery]: CR,
  [ReportingRpc.kpiDashboard]: CR,
  // city dashboards read the livelihood figures beside the KPIs, with the same scope
  [ReportingRpc.livelihood]: CR,
  [ReportingRpc.volunteers]: CR,
  [ReportingRpc.relocation]: CR,
  [ReportingRpc.rebuildStart]: STAFF,
  [ReportingRpc.rebuildLatest]: STAFF,
  [ReportingRpc.deadLetterList]: STAFF,
  [ReportingRpc.deadLetterReplay]: STAFF,
  [ReportingRpc.auditList]: STAFF,
  // Assessments score people and their grids: staff only, like field work. Rules are set by city operators.
  [AssessmentRpc.query]: STAFF,
  [AssessmentRpc.rankings]: STAFF,
  [AssessmentRpc.ruleList]: STAFF,
  [AssessmentRpc.ruleCreate]: STAFF,
  // A KPI file holds what the KPI query answers; an assessment file what the assessment answers.
  [ExportRpc.kpis]: CR,
  [ExportRpc.assessments]: STAFF,
  [ExportRpc.rankings]: STAFF,

  // An inbox and delivery settings belong to a staff account; deliveries and dead letters are the system administrator's.
  [NotificationsRpc.rules]: STAFF,
  [NotificationsRpc.inbox]: STAFF,
  [NotificationsRpc.markRead]: STAFF,
  [NotificationsRpc.settingsGet]: STAFF,
  [NotificationsRpc.settingsUpdate]: STAFF,
  [NotificationsRpc.deliveries]: STAFF,
  [NotificationsRpc.deadLetterList]: STAFF,
  [NotificationsRpc.deadLetterReplay]: STAFF,
  // Webhook subscriptions send case events to any URL with a secret: the system administrator's alone.
  [NotificationsRpc.webhookCreate]: STAFF,
  [NotificationsRpc.webhookList]: STAFF,
  [NotificationsRpc.webhookGet]: STAFF,
  [NotificationsRpc.webhookUpdate]: STAFF,
  [NotificationsRpc.webhookDelete]: STAFF,
  [NotificationsRpc.webhookRotateSecret]: STAFF,
  [NotificationsRpc.webhookDeliveries]: STAFF,
  [NotificationsRpc.webhookRedeliver]: STAFF,

  // volunteers: party members' and volunteers' personal data, for staff in scope only.
  [VolunteersRpc.unitRegister]: STAFF,
  [VolunteersRpc.organisationCreate]: STAFF,
  [VolunteersRpc.organisationList]: STAFF,
  [VolunteersRpc.organisationGet]: STAFF,
  [VolunteersRpc.organisationUpdate]: STAFF,
  [VolunteersRpc.formation]: STAFF,
  [VolunteersRpc.memberEnrol]: STAFF,
  [VolunteersRpc.memberList]: STAFF,
  [VolunteersRpc.memberGet]: STAFF,
  [VolunteersRpc.teamCreate]: STAFF,
  [VolunteersRpc.teamList]: STAFF,
  [VolunteersRpc.teamGet]: STAFF,
  [VolunteersRpc.teamAddMember]: STAFF,
  [VolunteersRpc.assignmentCreate]: STAFF,
  [VolunteersRpc.assignmentGet]: STAFF,
  [VolunteersRpc.activityCreate]: STAFF,
  [VolunteersRpc.activityGet]: STAFF,
  [VolunteersRpc.activitySignUp]: STAFF,
  [VolunteersRpc.activityCheckIn]: STAFF,
  [VolunteersRpc.activityCheckOut]: STAFF,
  [VolunteersRpc.activityEnterHours]: STAFF,
  [VolunteersRpc.sessionCreate]: STAFF,
  [VolunteersRpc.sessionGet]: STAFF,
  [VolunteersRpc.sessionAttend]: STAFF,
  // schooling: children's and guardians' personal data, for staff in scope only.
  [SchoolingRpc.schoolCreate]: STAFF,
  [SchoolingRpc.schoolList]: STAFF,
  [SchoolingRpc.schoolGet]: STAFF,
  [SchoolingRpc.schoolUpdate]: STAFF,
  [SchoolingRpc.schoolDelete]: STAFF,
  [SchoolingRpc.catchments]: STAFF,
  [SchoolingRpc.catchmentLookup]: STAFF,
  [SchoolingRpc.requestCreate]: STAFF,
  [SchoolingRpc.requestList]: STAFF,
  [SchoolingRpc.requestGet]: STAFF,
  [SchoolingRpc.requestAdvance]: STAFF,
  [SchoolingRpc.householdRequests]: STAFF,
  // relocation: projects, households and their help requests, for staff in scope only.
  [RelocationRpc.projectCreate]: STAFF,
  [RelocationRpc.projectList]: STAFF,
  [RelocationRpc.projectGet]: STAFF,
  [RelocationRpc.projectUpdate]: STAFF,
  [RelocationRpc.projectResolve]: STAFF,
  [RelocationRpc.placeList]: STAFF,
  [RelocationRpc.householdGet]: STAFF,
  [RelocationRpc.householdAdvance]: STAFF,
  [RelocationRpc.householdHoldout]: STAFF,
  [RelocationRpc.packageCreate]: STAFF,
  [RelocationRpc.packageList]: STAFF,
  [RelocationRpc.packageAssign]: STAFF,
  [RelocationRpc.helpCreate]: STAFF,
  [RelocationRpc.helpList]: STAFF,
  [RelocationRpc.helpGet]: STAFF,
  [RelocationRpc.helpAdvance]: STAFF,
  [RelocationRpc.dailyReport]: STAFF,
  [RelocationRpc.meetingAgenda]: STAFF,
  [RelocationRpc.progressCurve]: STAFF,
  // employment: job seekers are personal data and the rest is the labour office's own work: staff only.
  [EmploymentRpc.seekerCreate]: STAFF,
  [EmploymentRpc.seekerList]: STAFF,
  [EmploymentRpc.seekerGet]: STAFF,
  [EmploymentRpc.seekerUpdate]: STAFF,
  [EmploymentRpc.seekerMatches]: STAFF,
  [EmploymentRpc.employerCreate]: STAFF,
  [EmploymentRpc.employerList]: STAFF,
  [EmploymentRpc.employerGet]: STAFF,
  [EmploymentRpc.postingCreate]: STAFF,
  [EmploymentRpc.postingList]: STAFF,
  [EmploymentRpc.postingGet]: STAFF,
  [EmploymentRpc.postingUpdate]: STAFF,
  [EmploymentRpc.postingMatches]: STAFF,
  [EmploymentRpc.fairCreate]: STAFF,
  [EmploymentRpc.fairList]: STAFF,
  [EmploymentRpc.fairGet]: STAFF,
  [EmploymentRpc.fairAttendance]: STAFF,
  [EmploymentRpc.fairOffer]: STAFF,
  [EmploymentRpc.placementRecord]: STAFF,
  [EmploymentRpc.placementList]: STAFF,
  [EmploymentRpc.placementGet]: STAFF,
  [EmploymentRpc.placementCancel]: STAFF,
  [EmploymentRpc.placementFollowUp]: STAFF,
  [EmploymentRpc.followUpsDue]: STAFF,
  [EmploymentRpc.targetSet]: STAFF,
  [EmploymentRpc.targetSplit]: STAFF,
  [EmploymentRpc.targetProgress]: STAFF,
  // health: stations, coverage, lectures and home visits are staff work.
  [HealthRpc.stationCreate]: STAFF,
  [HealthRpc.stationGet]: STAFF,
  [HealthRpc.stationList]: STAFF,
  [HealthRpc.stationGeojson]: STAFF,
  [HealthRpc.stationUpdate]: STAFF,
  [HealthRpc.stationRetire]: STAFF,
  [HealthRpc.roadGraphImport]: STAFF,
  [HealthRpc.roadGraphGet]: STAFF,
  [HealthRpc.roadGraphClear]: STAFF,
  [HealthRpc.coverageGet]: STAFF,
  [HealthRpc.coverageGeojson]: STAFF,
  [HealthRpc.coverageCompute]: STAFF,
  [HealthRpc.lectureCreate]: STAFF,
  [HealthRpc.lectureGet]: STAFF,
  [HealthRpc.lectureList]: STAFF,
  [HealthRpc.lectureUpdate]: STAFF,
  [HealthRpc.followUpCreate]: STAFF,
  [HealthRpc.followUpGet]: STAFF,
  [HealthRpc.followUpList]: STAFF,
  [HealthRpc.followUpUpdate]: STAFF,
  [HealthRpc.visitLog]: STAFF,
  // community-services: residents' requests to the centres carry personal data and are staff work.
  [CommunityServicesRpc.centreCreate]: STAFF,
  [CommunityServicesRpc.centreList]: STAFF,
  [CommunityServicesRpc.centreGet]: STAFF,
  [CommunityServicesRpc.centreUpdate]: STAFF,
  [CommunityServicesRpc.centreDelete]: STAFF,
  [CommunityServicesRpc.requestTypeList]: STAFF,
  [CommunityServicesRpc.requestTypeCreate]: STAFF,
  [CommunityServicesRpc.requestTypeUpdate]: STAFF,
  [CommunityServicesRpc.requestCreate]: STAFF,
  [CommunityServicesRpc.requestList]: STAFF,
  [CommunityServicesRpc.requestMine]: STAFF,
  [CommunityServicesRpc.requestGet]: STAFF,
  [CommunityServicesRpc.requestAssign]: STAFF,
  [CommunityServicesRpc.requestStart]: STAFF,
  [CommunityServicesRpc.requestNote]: STAFF,
  [CommunityServicesRpc.requestClose]: STAFF,
  [CommunityServicesRpc.requestCancel]: STAFF,
  [CommunityServicesRpc.figures]: STAFF,
};

/** The access an API client needs for `pattern`, or undefined for a pattern no service answers. */
export function clientAccessOf(pattern: string): ClientAccess | undefined {
  return (CLIENT_ACCESS as Readonly<Record<string, ClientAccess>>)[pattern];
}
