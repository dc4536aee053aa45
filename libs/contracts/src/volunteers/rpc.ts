import type { Page, RpcDefinition } from '../common/rpc';
import type {
  ActivityView,
  AddTeamMemberRequest,
  TeamAssignmentView,
  AttendSessionRequest,
  CreateActivityDto,
  CreateTeamAssignmentDto,
  CreateOrganisationDto,
  CreateSessionDto,
  CreateTeamDto,
  EnrolMemberDto,
  EnterHoursRequest,
  FormationQuery,
  FormationView,
  ListMembersQuery,
  ListOrganisationsQuery,
  ListTeamsQuery,
  MemberView,
  OrganisationView,
  ParticipationRequest,
  RegisterUnitDto,
  SessionView,
  TeamView,
  UnitView,
  UpdateOrganisationRequest,
  VolunteersIdRequest,
} from './volunteers';

/** RPC patterns answered by volunteers (NATS request/reply, queue group `volunteers`). */
export const VolunteersRpc = {
  unitRegister: 'volunteers.unit.register',
  organisationCreate: 'volunteers.organisation.create',
  organisationList: 'volunteers.organisation.list',
  organisationGet: 'volunteers.organisation.get',
  organisationUpdate: 'volunteers.organisation.update',
  formation: 'volunteers.formation.get',
  memberEnrol: 'volunteers.member.enrol',
  memberList: 'volunteers.member.list',
  memberGet: 'volunteers.member.get',
  teamCreate: 'volunteers.team.create',
  teamList: 'volunteers.team.list',
  teamGet: 'volunteers.team.get',
  teamAddMember: 'volunteers.team.add-member',
  assignmentCreate: 'volunteers.assignment.create',
  assignmentGet: 'volunteers.assignment.get',
  activityCreate: 'volunteers.activity.create',
  activityGet: 'volunteers.activity.get',
  activitySignUp: 'volunteers.activity.sign-up',
  activityCheckIn: 'volunteers.activity.check-in',
  activityCheckOut: 'volunteers.activity.check-out',
  activityEnterHours: 'volunteers.activity.enter-hours',
  sessionCreate: 'volunteers.session.create',
  sessionGet: 'volunteers.session.get',
  sessionAttend: 'volunteers.session.attend',
} as const;

/** Typed map: pattern → request payload and response. */
export type VolunteersRpcMap = {
  'volunteers.unit.register': RpcDefinition<RegisterUnitDto, UnitView>;
  'volunteers.organisation.create': RpcDefinition<CreateOrganisationDto, OrganisationView>;
  'volunteers.organisation.list': RpcDefinition<ListOrganisationsQuery, Page<OrganisationView>>;
  'volunteers.organisation.get': RpcDefinition<VolunteersIdRequest, OrganisationView>;
  'volunteers.organisation.update': RpcDefinition<UpdateOrganisationRequest, OrganisationView>;
  'volunteers.formation.get': RpcDefinition<FormationQuery, FormationView>;
  'volunteers.member.enrol': RpcDefinition<EnrolMemberDto, MemberView>;
  'volunteers.member.list': RpcDefinition<ListMembersQuery, Page<MemberView>>;
  'volunteers.member.get': RpcDefinition<VolunteersIdRequest, MemberView>;
  'volunteers.team.create': RpcDefinition<CreateTeamDto, TeamView>;
  'volunteers.team.list': RpcDefinition<ListTeamsQuery, Page<TeamView>>;
  'volunteers.team.get': RpcDefinition<VolunteersIdRequest, TeamView>;
  'volunteers.team.add-member': RpcDefinition<AddTeamMemberRequest, TeamView>;
  'volunteers.assignment.create': RpcDefinition<CreateTeamAssignmentDto, TeamAssignmentView>;
  'volunteers.assignment.get': RpcDefinition<VolunteersIdRequest, TeamAssignmentView>;
  'volunteers.activity.create': RpcDefinition<CreateActivityDto, ActivityView>;
  'volunteers.activity.get': RpcDefinition<VolunteersIdRequest, ActivityView>;
  'volunteers.activity.sign-up': RpcDefinition<ParticipationRequest, ActivityView>;
  'volunteers.activity.check-in': RpcDefinition<ParticipationRequest, ActivityView>;
  'volunteers.activity.check-out': RpcDefinition<ParticipationRequest, ActivityView>;
  'volunteers.activity.enter-hours': RpcDefinition<EnterHoursRequest, ActivityView>;
  'volunteers.session.create': RpcDefinition<CreateSessionDto, SessionView>;
  'volunteers.session.get': RpcDefinition<VolunteersIdRequest, SessionView>;
  'volunteers.session.attend': RpcDefinition<AttendSessionRequest, SessionView>;
};
