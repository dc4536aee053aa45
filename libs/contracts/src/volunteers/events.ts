import { defineEvent, type JsonSchema } from '../common/cloudevent';

const SERVICE = 'volunteers';

const path: JsonSchema = { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to the record’s node.' };

/** Payload of `citygrid.party-organisation.changed.v1`: an organisation was formed or changed. */
export interface PartyOrganisationChangedV1 {
  id: string;
  /** `formed` (created) or `changed`. */
  action: 'formed' | 'changed';
  /** `branch` 支部, `general_branch` 总支 or `committee` 党委. */
  kind: 'branch' | 'general_branch' | 'committee';
  /** What hosts it: a community (`node`) or a unit (`unit`: a grid-registry place of kind unit). */
  hostKind: 'node' | 'unit';
  /** The host unit's place id, or null for a node host. */
  hostUnitId: string | null;
  /** Whether the host unit should have a branch under the formation rule (null for a node host). */
  shouldHaveBranch: boolean | null;
  parentId: string | null;
  status: 'active' | 'dissolved';
  /** Formed on (YYYY-MM-DD). */
  formedOn: string;
  /** Fields changed (changed). */
  changed: string[];
  nodeCode: string;
  path: string[];
  by: string;
}

/** Payload of `citygrid.party-member.enrolled.v1`: never a name or a phone. */
export interface PartyMemberEnrolledV1 {
  id: string;
  residentId: string;
  organisationId: string;
  gridCode: string;
  /** Joined the party on (YYYY-MM-DD). */
  joinedOn: string;
  path: string[];
  by: string;
}

/** Payload of `citygrid.volunteer-hours.recorded.v1`: the hours of one member at one activity. */
export interface VolunteerHoursRecordedV1 {
  activityId: string;
  teamId: string;
  memberId: string;
  /** Hours as a decimal string (`2.25`), in quarter hours. */
  hours: string;
  /** The activity's date (YYYY-MM-DD). */
  date: string;
  /** `check_out` (check-out − check-in) or `entered` (with a reason). */
  source: 'check_out' | 'entered';
  path: string[];
  /** What the team's assignment counts the hours for, if any. */
  assignment: { id: string; targetKind: 'case' | 'campaign' | 'relocation_project'; targetId: string } | null;
  by: string;
}

/** Payload of `citygrid.volunteer-team.changed.v1`. */
export interface VolunteerTeamChangedV1 {
  id: string;
  action: 'create' | 'member_added' | 'assigned';
  memberCount: number;
  leaderMemberId: string | null;
  nodeCode: string;
  path: string[];
  by: string;
}

/** Payload of `citygrid.volunteer-activity.changed.v1`. */
export interface VolunteerActivityChangedV1 {
  id: string;
  teamId: string;
  action: 'create' | 'sign_up' | 'check_in' | 'check_out' | 'hours_entered';
  memberId: string | null;
  date: string;
  capacity: number | null;
  signedUp: number;
  path: string[];
  by: string;
}

/**
 * Payload of `citygrid.volunteer-unit.changed.v1`: a unit counted by the formation rule was
 * registered or changed, or an enrolment in its organisations changed whether it should have a
 * branch. The latest event of a unit is its standing: with the organisations' events it gives
 * the formation rate.
 */
export interface VolunteerUnitChangedV1 {
  id: string;
  placeId: string;
  nonPublic: boolean;
  partyMemberCount: number;
  shouldHaveBranchOverride: boolean | null;
  shouldHaveBranch: boolean;
  nodeCode: string;
  path: string[];
  by: string;
}

/** Payload of `citygrid.education-session.attended.v1`: one party member attended one session. */
export interface SessionAttendedV1 {
  sessionId: string;
  organisationId: string;
  memberId: string;
  /** The session's date (YYYY-MM-DD). */
  date: string;
  path: string[];
  by: string;
}

const sessionAttended = defineEvent<SessionAttendedV1>({
  service: SERVICE,
  aggregate: 'education-session',
  event: 'attended',
  version: 1,
  summary: 'A party member attended a remote-education session 远程教育.',
  schema: {
    type: 'object',
    properties: {
      sessionId: { type: 'string', format: 'uuid', description: 'Session.' },
      organisationId: { type: 'string', format: 'uuid', description: 'Organisation of the session.' },
      memberId: { type: 'string', format: 'uuid', description: 'Party member.' },
      date: { type: 'string', format: 'date', description: 'Session date.' },
      path,
      by: { type: 'string', description: 'Who recorded the attendance.' },
    },
    required: ['sessionId', 'organisationId', 'memberId', 'date', 'path', 'by'],
  },
});

/** Payload of `citygrid.education-session.scheduled.v1`. */
export interface SessionScheduledV1 {
  id: string;
  organisationId: string;
  /** The session's date (YYYY-MM-DD). */
  date: string;
  path: string[];
  by: string;
}

const sessionScheduled = defineEvent<SessionScheduledV1>({
  service: SERVICE,
  aggregate: 'education-session',
  event: 'scheduled',
  version: 1,
  summary: 'A remote-education session 远程教育 was scheduled for the members of an organisation.',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Session.' },
      organisationId: { type: 'string', format: 'uuid', description: 'Organisation.' },
      date: { type: 'string', format: 'date', description: 'Session date.' },
      path,
      by: { type: 'string', description: 'Who scheduled it.' },
    },
    required: ['id', 'organisationId', 'date', 'path', 'by'],
  },
});

const organisationChanged = defineEvent<PartyOrganisationChangedV1>({
  service: SERVICE,
  aggregate: 'party-organisation',
  event: 'changed',
  version: 1,
  summary: 'A party organisation 党组织 was formed (action `formed`) or changed (status, parent).',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Organisation id.' },
      action: { type: 'string', enum: ['formed', 'changed'], description: 'Formed or changed.' },
      kind: { type: 'string', enum: ['branch', 'general_branch', 'committee'], description: 'Kind of organisation.' },
      hostKind: { type: 'string', enum: ['node', 'unit'], description: 'A community (node) or a unit hosts it.' },
      hostUnitId: { type: ['string', 'null'], description: 'The host unit (grid-registry place id), or null.' },
      shouldHaveBranch: { type: ['boolean', 'null'], description: 'Whether the host unit should have a branch (formation rule).' },
      parentId: { type: ['string', 'null'], description: 'Parent organisation.' },
      status: { type: 'string', enum: ['active', 'dissolved'], description: 'Status.' },
      formedOn: { type: 'string', format: 'date', description: 'Formed on.' },
      changed: { type: 'array', items: { type: 'string' }, description: 'Fields changed.' },
      nodeCode: { type: 'string', description: 'Node of the organisation.' },
      path,
      by: { type: 'string', description: 'Who made the change.' },
    },
    required: ['id', 'action', 'kind', 'hostKind', 'hostUnitId', 'shouldHaveBranch', 'parentId', 'status', 'formedOn', 'changed', 'nodeCode', 'path', 'by'],
  },
});

const memberEnrolled = defineEvent<PartyMemberEnrolledV1>({
  service: SERVICE,
  aggregate: 'party-member',
  event: 'enrolled',
  version: 1,
  summary: 'A party member (a grid-registry resident) was enrolled in an organisation and their grid.',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Member id.' },
      residentId: { type: 'string', format: 'uuid', description: 'The grid-registry resident.' },
      organisationId: { type: 'string', format: 'uuid', description: 'Organisation.' },
      gridCode: { type: 'string', description: 'The member’s grid.' },
      joinedOn: { type: 'string', format: 'date', description: 'Joined the party on.' },
      path,
      by: { type: 'string', description: 'Who enrolled them.' },
    },
    required: ['id', 'residentId', 'organisationId', 'gridCode', 'joinedOn', 'path', 'by'],
  },
});

const hoursRecorded = defineEvent<VolunteerHoursRecordedV1>({
  service: SERVICE,
  aggregate: 'volunteer-hours',
  event: 'recorded',
  version: 1,
  summary: 'The volunteer hours of one member at one activity were recorded (at check-out, or entered with a reason).',
  schema: {
    type: 'object',
    properties: {
      activityId: { type: 'string', format: 'uuid', description: 'Activity.' },
      teamId: { type: 'string', format: 'uuid', description: 'Team.' },
      memberId: { type: 'string', format: 'uuid', description: 'Team member.' },
      hours: { type: 'string', description: 'Hours as a decimal string, in quarter hours.' },
      date: { type: 'string', format: 'date', description: 'Activity date.' },
      source: { type: 'string', enum: ['check_out', 'entered'], description: 'How the hours were obtained.' },
      path,
      assignment: {
        type: ['object', 'null'],
        properties: { id: { type: 'string' }, targetKind: { type: 'string', enum: ['case', 'campaign', 'relocation_project'] }, targetId: { type: 'string' } },
        required: ['id', 'targetKind', 'targetId'],
        description: 'The assignment target the hours count for, or null.',
      },
      by: { type: 'string', description: 'Who recorded them.' },
    },
    required: ['activityId', 'teamId', 'memberId', 'hours', 'date', 'source', 'path', 'assignment', 'by'],
  },
});

const teamChanged = defineEvent<VolunteerTeamChangedV1>({
  service: SERVICE,
  aggregate: 'volunteer-team',
  event: 'changed',
  version: 1,
  summary: 'A volunteer team was created, got a member or was assigned to a case, campaign or relocation project.',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Team id.' },
      action: { type: 'string', enum: ['create', 'member_added', 'assigned'], description: 'What happened.' },
      memberCount: { type: 'integer', description: 'Members after the change.' },
      leaderMemberId: { type: ['string', 'null'], description: 'Leader (team member id).' },
      nodeCode: { type: 'string', description: 'Node of the team.' },
      path,
      by: { type: 'string', description: 'Who made the change.' },
    },
    required: ['id', 'action', 'memberCount', 'leaderMemberId', 'nodeCode', 'path', 'by'],
  },
});

const activityChanged = defineEvent<VolunteerActivityChangedV1>({
  service: SERVICE,
  aggregate: 'volunteer-activity',
  event: 'changed',
  version: 1,
  summary: 'A volunteer activity was created, or a member signed up, checked in, checked out or had hours entered.',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Activity id.' },
      teamId: { type: 'string', format: 'uuid', description: 'Team.' },
      action: { type: 'string', enum: ['create', 'sign_up', 'check_in', 'check_out', 'hours_entered'], description: 'What happened.' },
      memberId: { type: ['string', 'null'], description: 'The team member concerned.' },
      date: { type: 'string', format: 'date', description: 'Activity date.' },
      capacity: { type: ['integer', 'null'], description: 'Places, or null.' },
      signedUp: { type: 'integer', description: 'Members signed up after the change.' },
      path,
      by: { type: 'string', description: 'Who made the change.' },
    },
    required: ['id', 'teamId', 'action', 'memberId', 'date', 'capacity', 'signedUp', 'path', 'by'],
  },
});

const unitChanged = defineEvent<VolunteerUnitChangedV1>({
  service: SERVICE,
  aggregate: 'volunteer-unit',
  event: 'changed',
  version: 1,
  summary: 'A unit counted by the party-organisation formation rule was registered or changed, or an enrolment changed whether it should have a branch.',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Unit record id.' },
      placeId: { type: 'string', format: 'uuid', description: 'The grid-registry place (kind unit).' },
      nonPublic: { type: 'boolean', description: 'A non-public enterprise 非公企业.' },
      partyMemberCount: { type: 'integer', description: 'Party members working there (declared).' },
      shouldHaveBranchOverride: { type: ['boolean', 'null'], description: 'Explicit decision, or null for the rule.' },
      shouldHaveBranch: {
        type: 'boolean',
        description:
          'Whether it should have a branch: the explicit decision, else the rule over the declared or the enrolled party members, whichever are more (sent again when an enrolment changes the answer).',
      },
      nodeCode: { type: 'string', description: 'The unit’s grid.' },
      path,
      by: { type: 'string', description: 'Who made the change.' },
    },
    required: ['id', 'placeId', 'nonPublic', 'partyMemberCount', 'shouldHaveBranchOverride', 'shouldHaveBranch', 'nodeCode', 'path', 'by'],
  },
});

/** Events of volunteers (党建 and 志愿服务), consumed by reporting. */
export const VolunteersEvents = {
  organisationChanged,
  memberEnrolled,
  hoursRecorded,
  teamChanged,
  activityChanged,
  unitChanged,
  sessionScheduled,
  sessionAttended,
} as const;
