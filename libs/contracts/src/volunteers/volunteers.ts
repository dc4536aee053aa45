/** The volunteers service: party organisations 党组织 and members, volunteer teams 志愿服务队, activities and hours. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';
import { MOBILE_PHONE_PATTERN } from '../grid-registry/residents';

export const ORGANISATION_KINDS = ['branch', 'general_branch', 'committee'] as const;
/** 支部, 总支 or 党委. */
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const ORGANISATION_STATUSES = ['active', 'dissolved'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];
export const ASSIGNMENT_TARGETS = ['case', 'campaign', 'relocation_project'] as const;
/** What a team is assigned to: a ticketing case, a campaign or a relocation project (opaque ids). */
export type AssignmentTargetKind = (typeof ASSIGNMENT_TARGETS)[number];

/** Id of one record. */
export class VolunteersIdRequest {
  /** Id. */
  @IsUUID()
  id!: string;
}

/** Register a unit (a grid-registry place of kind `unit`) counted by the formation rule. */
export class RegisterUnitDto {
  /** The grid-registry place (kind `unit`). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  placeId!: string;

  /** A non-public enterprise 非公企业. */
  @ApiProperty()
  @IsBoolean()
  nonPublic!: boolean;

  /** Party members working there (declared; enrolled members of its branch count too). */
  @ApiProperty({ minimum: 0, maximum: 100000 })
  @IsInt()
  @Min(0)
  @Max(100000)
  partyMemberCount!: number;

  /** Explicit decision whether it should have a branch; left out, the rule decides. */
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Optional()
  @IsBoolean()
  shouldHaveBranch?: boolean;
}

/** A unit counted by the formation rule. */
export class UnitView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The grid-registry place. */
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  /** Non-public enterprise. */
  @ApiProperty() nonPublic!: boolean;
  /** Party members working there (declared). */
  @ApiProperty() partyMemberCount!: number;
  /** Explicit decision, or null for the rule. */
  @ApiProperty({ type: Boolean, nullable: true }) shouldHaveBranchOverride!: boolean | null;
  /** Whether it should have a branch: the explicit decision, else the rule over the declared or the enrolled party members, whichever are more. */
  @ApiProperty() shouldHaveBranch!: boolean;
  /** The unit's grid. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) path!: string[];
}

/** Form a party organisation. */
export class CreateOrganisationDto {
  /** Name. */
  @ApiProperty({ maxLength: 200, example: '某科技有限公司党支部' })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** 支部, 总支 or 党委. */
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  /** The node it belongs to (community, subdistrict or grid). With a host unit: its grid when left out. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode?: string;

  /** The host unit (a registered unit's place id); left out, the node hosts it. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  hostUnitId?: string;

  /** Parent organisation. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  parentId?: string;

  /** Formed on (YYYY-MM-DD). */
  @ApiProperty({ format: 'date', example: '2026-06-01' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'formedOn must be a date YYYY-MM-DD' })
  formedOn!: string;
}

/** Change an organisation's status or name. */
export class UpdateOrganisationDto {
  /** New name. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** New status. */
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES })
  @Optional()
  @IsIn(ORGANISATION_STATUSES)
  status?: OrganisationStatus;
}

export class UpdateOrganisationRequest extends UpdateOrganisationDto {
  @IsUUID()
  id!: string;
}

/** A party organisation. */
export class OrganisationView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Kind. */
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  /** `node` or `unit`. */
  @ApiProperty({ enum: ['node', 'unit'] }) hostKind!: 'node' | 'unit';
  /** The host unit's place id, or null. */
  @ApiProperty({ type: String, nullable: true }) hostUnitId!: string | null;
  /** Parent organisation, or null. */
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  /** Node. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Formed on. */
  @ApiProperty({ format: 'date' }) formedOn!: string;
  /** Status. */
  @ApiProperty({ enum: ORGANISATION_STATUSES }) status!: OrganisationStatus;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Filters for organisations. */
export class ListOrganisationsQuery extends PagingQuery {
  /** Only beneath this node. */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** The formation rate of a node's subtree. */
export class FormationQuery {
  /** The node (default: the caller's scope). */
  @ApiPropertyOptional({ example: '410102005' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code' })
  node?: string;
}

/** Formation rate 组建率: units that have a branch over units that should have one. */
export class FormationView {
  /** The node. */
  @ApiProperty() node!: string;
  /** Units that should have a branch and have an active one. */
  @ApiProperty() numerator!: number;
  /** Units that should have a branch. */
  @ApiProperty() denominator!: number;
  /** Percent, rounded half-up to two places (`100.00`); null when nothing should. */
  @ApiProperty({ type: String, nullable: true, example: '100.00' }) percent!: string | null;
  /** The minimum party members making a non-public enterprise need a branch. */
  @ApiProperty() minMembers!: number;
}

/** Enrol a party member: a grid-registry resident. */
export class EnrolMemberDto {
  /** The resident (checked as the caller). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  residentId!: string;

  /** The organisation. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  /** Joined the party on (YYYY-MM-DD). */
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'joinedOn must be a date YYYY-MM-DD' })
  joinedOn!: string;

  /** Mobile phone (stored encrypted). */
  @ApiPropertyOptional({ example: '13800138000' })
  @Optional()
  @Matches(MOBILE_PHONE_PATTERN, { message: 'phone must be a mainland mobile number' })
  phone?: string;
}

/** A party member. */
export class MemberView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Resident. */
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  /** Name (from the resident record). */
  @ApiProperty() name!: string;
  /** Organisation. */
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  /** The member's grid. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city down to the grid. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Joined on. */
  @ApiProperty({ format: 'date' }) joinedOn!: string;
  /** Phone, full or masked, or null. */
  @ApiProperty({ type: String, nullable: true, example: '138****8000' }) phone!: string | null;
  /** True when the phone is masked for this caller. */
  @ApiProperty() masked!: boolean;
}

/** Filters for members. */
export class ListMembersQuery extends PagingQuery {
  /** Only of this organisation. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  organisation?: string;
}

/** Create a volunteer team. */
export class CreateTeamDto {
  /** Name. */
  @ApiProperty({ maxLength: 200, example: '临山寨社区党员志愿服务队' })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Node the team belongs to. */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;
}

/** Add a member to a team: a resident or a party member. */
export class AddTeamMemberDto {
  /** A resident (either this or `partyMemberId`). */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  residentId?: string;

  /** A party member (either this or `residentId`). */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  partyMemberId?: string;

  /** Make them the leader. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  leader?: boolean;
}

export class AddTeamMemberRequest extends AddTeamMemberDto {
  @IsUUID()
  id!: string;
}

/** A member of a team. */
export class TeamMemberView {
  /** Team member id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Resident. */
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  /** Party member, or null. */
  @ApiProperty({ type: String, nullable: true }) partyMemberId!: string | null;
}

/** A volunteer team. */
export class TeamView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Node. */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Leader (team member id), or null. */
  @ApiProperty({ type: String, nullable: true }) leaderMemberId!: string | null;
  /** Members. */
  @ApiProperty({ type: [TeamMemberView] }) members!: TeamMemberView[];
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Filters for teams. */
export class ListTeamsQuery extends PagingQuery {
  /** Only beneath this node. */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** Assign a team to a case, a campaign or a relocation project. */
export class CreateTeamAssignmentDto {
  /** The team. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  teamId!: string;

  /** What the team is assigned to. */
  @ApiProperty({ enum: ASSIGNMENT_TARGETS })
  @IsIn(ASSIGNMENT_TARGETS)
  targetKind!: AssignmentTargetKind;

  /** The case, campaign or project id (opaque). */
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  targetId!: string;
}

/** An assignment with the hours of its activities. */
export class TeamAssignmentView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Team. */
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  /** Target kind. */
  @ApiProperty({ enum: ASSIGNMENT_TARGETS }) targetKind!: AssignmentTargetKind;
  /** Target id. */
  @ApiProperty() targetId!: string;
  /** Codes from the city down to the team's node. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Activities run for it. */
  @ApiProperty() activities!: number;
  /** Hours recorded for it (decimal string). */
  @ApiProperty({ example: '12.50' }) hours!: string;
  /** Distinct members with hours. */
  @ApiProperty() volunteers!: number;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Schedule an activity of a team. */
export class CreateActivityDto {
  /** The team. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  teamId!: string;

  /** Title. */
  @ApiProperty({ maxLength: 200, example: '入户筛查' })
  @IsString()
  @Length(1, 200)
  title!: string;

  /** Date (YYYY-MM-DD). */
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  /** Places; left out, unlimited. */
  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;

  /** The assignment the activity counts for. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  assignmentId?: string;
}

/** One team member's participation. */
export class ParticipationDto {
  /** The team member. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;

  /** When (check-in, check-out; default now). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsDateString({ strict: true })
  at?: string;
}

export class ParticipationRequest extends ParticipationDto {
  @IsUUID()
  id!: string;
}

/** Enter a member's hours instead of checking out. */
export class EnterHoursDto {
  /** The team member. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;

  /** Hours (rounded to quarter hours), more than 0 and at most 24. */
  @ApiProperty({ minimum: 0.25, maximum: 24, example: 2.5 })
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.25)
  @Max(24)
  hours!: number;

  /** Why the hours are entered. */
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class EnterHoursRequest extends EnterHoursDto {
  @IsUUID()
  id!: string;
}

/** A member's participation in an activity. */
export class ParticipantView {
  /** Team member. */
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  /** Signed up at. */
  @ApiProperty({ format: 'date-time' }) signedUpAt!: string;
  /** Checked in at, or null. */
  @ApiProperty({ type: String, nullable: true }) checkedInAt!: string | null;
  /** Checked out at, or null. */
  @ApiProperty({ type: String, nullable: true }) checkedOutAt!: string | null;
  /** Hours (decimal string), or null. */
  @ApiProperty({ type: String, nullable: true, example: '2.25' }) hours!: string | null;
  /** Why hours were entered, or null. */
  @ApiProperty({ type: String, nullable: true }) hoursReason!: string | null;
}

/** An activity with its participants. */
export class ActivityView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Team. */
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  /** Title. */
  @ApiProperty() title!: string;
  /** Date. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Places, or null. */
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  /** Assignment, or null. */
  @ApiProperty({ type: String, nullable: true }) assignmentId!: string | null;
  /** Codes from the city down. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Participants. */
  @ApiProperty({ type: [ParticipantView] }) participants!: ParticipantView[];
}

/** Schedule a remote-education session 远程教育 for the party members of an organisation. */
export class CreateSessionDto {
  /** The organisation whose members attend. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  /** Topic. */
  @ApiProperty({ maxLength: 200, example: '党员远程教育：网格之中我先行' })
  @IsString()
  @Length(1, 200)
  topic!: string;

  /** Date (YYYY-MM-DD). */
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;
}

/** Record the attendance of party members at a session. */
export class AttendSessionDto {
  /** Party members who attended (each at most once; members of the session's organisation). */
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds!: string[];
}

export class AttendSessionRequest extends AttendSessionDto {
  @IsUUID()
  id!: string;
}

/** A remote-education session with its attendance. */
export class SessionView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Organisation. */
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  /** Topic. */
  @ApiProperty() topic!: string;
  /** Date. */
  @ApiProperty({ format: 'date' }) date!: string;
  /** Codes from the city down to the organisation's node. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** Party members who attended. */
  @ApiProperty({ type: [String] }) attendees!: string[];
}
