import type { AssignmentTargetKind, OrganisationKind, OrganisationStatus } from '@citygrid/contracts/volunteers';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A unit (grid-registry place of kind unit) counted by the formation rule. */
@Entity({ tableName: 'unit' })
export class Unit {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid', unique: true }) placeId!: string;
  @Property({ type: 'boolean' }) nonPublic!: boolean;
  @Property({ type: 'integer' }) partyMemberCount!: number;
  @Property({ type: 'boolean', nullable: true }) shouldHaveBranchOverride!: boolean | null;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** A party organisation 党组织. */
@Entity({ tableName: 'organisation' })
export class Organisation {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: OrganisationKind;
  @Property({ type: 'uuid', nullable: true }) hostUnitId!: string | null;
  @Property({ type: 'uuid', nullable: true }) parentId!: string | null;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'date' }) formedOn!: string;
  @Property({ type: 'text' }) status!: OrganisationStatus;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** A party member: a grid-registry resident; the phone encrypted. */
@Entity({ tableName: 'member' })
export class Member {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid', unique: true }) residentId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) gridCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'date' }) joinedOn!: string;
  @Property({ type: 'text', nullable: true }) phone!: string | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** A volunteer team 志愿服务队. */
@Entity({ tableName: 'team' })
export class Team {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'uuid', nullable: true }) leaderMemberId!: string | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** A member of a team: a resident, maybe a party member. */
@Entity({ tableName: 'team_member' })
export class TeamMember {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) teamId!: string;
  @Property({ type: 'uuid' }) residentId!: string;
  @Property({ type: 'uuid', nullable: true }) partyMemberId!: string | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** A team's assignment to a case, a campaign or a relocation project. */
@Entity({ tableName: 'assignment' })
export class Assignment {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) teamId!: string;
  @Property({ type: 'text' }) targetKind!: AssignmentTargetKind;
  @Property({ type: 'text' }) targetId!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** An activity of a team. */
@Entity({ tableName: 'activity' })
export class Activity {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) teamId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'integer', nullable: true }) capacity!: number | null;
  @Property({ type: 'uuid', nullable: true }) assignmentId!: string | null;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** One team member at one activity: signed up, checked in and out, hours in quarter hours. */
@Entity({ tableName: 'participation' })
export class Participation {
  @PrimaryKey({ type: 'uuid' }) activityId!: string;
  @PrimaryKey({ type: 'uuid' }) memberId!: string;
  @Property({ type: 'timestamptz' }) signedUpAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) checkedInAt!: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) checkedOutAt!: Date | null;
  @Property({ type: 'integer', nullable: true }) quarters!: number | null;
  @Property({ type: 'text', nullable: true }) hoursReason!: string | null;
}

/** A remote-education session 远程教育 of an organisation. */
@Entity({ tableName: 'education_session' })
export class EducationSession {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) topic!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

/** A party member's attendance at a session. */
@Entity({ tableName: 'session_attendance' })
export class SessionAttendance {
  @PrimaryKey({ type: 'uuid' }) sessionId!: string;
  @PrimaryKey({ type: 'uuid' }) memberId!: string;
  @Property({ type: 'timestamptz' }) recordedAt!: Date;
}

export const VOLUNTEERS_ENTITIES = [Unit, Organisation, Member, Team, TeamMember, Assignment, Activity, Participation, EducationSession, SessionAttendance];
