import { defineEvent, type JsonSchema } from '../common/cloudevent';

const SERVICE = 'schooling';

/** States of an enrolment help request. */
export type EnrolmentState = 'received' | 'checked' | 'referred' | 'placed' | 'refused';

/** Payload of every `citygrid.enrolment-request.<step>.v1`: never the child's or guardian's name. */
export interface EnrolmentRequestV1 {
  id: string;
  /** The guardian household (a grid-registry household place). */
  householdId: string;
  /** Why help is asked: relocation, migrant worker, transfer. */
  reason: 'relocation' | 'migrant_worker' | 'transfer';
  stateBefore: EnrolmentState | null;
  state: EnrolmentState;
  /** The node of the household (its grid). */
  nodeCode: string;
  path: string[];
  /** When it was received (ISO 8601). */
  receivedAt: string;
  /** Deadline of the current step, or null once settled. */
  deadline: string | null;
  /** When it was settled (placed or refused), or null. */
  settledAt: string | null;
  /** The relocation project it came from, if any. */
  relocationProjectId: string | null;
  by: string;
}

const SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Request id.' },
    householdId: { type: 'string', format: 'uuid', description: 'The guardian household (grid-registry household place).' },
    reason: { type: 'string', enum: ['relocation', 'migrant_worker', 'transfer'], description: 'Why help is asked.' },
    stateBefore: { type: ['string', 'null'], description: 'State before (null when received).' },
    state: { type: 'string', enum: ['received', 'checked', 'referred', 'placed', 'refused'], description: 'State after.' },
    nodeCode: { type: 'string', description: "The household's grid." },
    path: { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' },
    receivedAt: { type: 'string', format: 'date-time', description: 'When it was received.' },
    deadline: { type: ['string', 'null'], format: 'date-time', description: 'Deadline of the current step, null once settled.' },
    settledAt: { type: ['string', 'null'], format: 'date-time', description: 'When it was placed or refused.' },
    relocationProjectId: { type: ['string', 'null'], description: 'The relocation project it came from.' },
    by: { type: 'string', description: 'Who made the change.' },
  },
  required: ['id', 'householdId', 'reason', 'stateBefore', 'state', 'nodeCode', 'path', 'receivedAt', 'deadline', 'settledAt', 'relocationProjectId', 'by'],
};

function step(event: string, summary: string) {
  return defineEvent<EnrolmentRequestV1>({ service: SERVICE, aggregate: 'enrolment-request', event, version: 1, summary, schema: SCHEMA });
}

/** Payload of `citygrid.school.changed.v1`: a school or its catchment was created, changed or deleted. */
export interface SchoolChangedV1 {
  id: string;
  name: string;
  kind: 'primary' | 'middle';
  /** `create`, `update` or `delete`. */
  action: 'create' | 'update' | 'delete';
  /** Fields changed (update). */
  changed: string[];
  nodeCode: string;
  path: string[];
  capacityPerGrade: number | null;
  by: string;
}

const schoolChanged = defineEvent<SchoolChangedV1>({
  service: SERVICE,
  aggregate: 'school',
  event: 'changed',
  version: 1,
  summary: 'A school or its catchment 学区 was created, changed or deleted.',
  schema: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid', description: 'School id.' },
      name: { type: 'string', description: 'School name.' },
      kind: { type: 'string', enum: ['primary', 'middle'], description: 'Primary or middle school.' },
      action: { type: 'string', enum: ['create', 'update', 'delete'], description: 'What happened.' },
      changed: { type: 'array', items: { type: 'string' }, description: 'Fields changed (update).' },
      nodeCode: { type: 'string', description: 'The node the school belongs to.' },
      path: { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' },
      capacityPerGrade: { type: ['integer', 'null'], description: 'Places per grade, or null.' },
      by: { type: 'string', description: 'Who made the change.' },
    },
    required: ['id', 'name', 'kind', 'action', 'changed', 'nodeCode', 'path', 'capacityPerGrade', 'by'],
  },
});

/** Events of schooling, one per step of an enrolment help request; the service adds its others here. */
export const SchoolingEvents = {
  requestReceived: step('received', 'An enrolment help request 入学协助 was received for a child of a household.'),
  requestChecked: step('checked', 'The request was checked (documents, catchment).'),
  requestReferred: step('referred', 'The request was referred to a school or the education bureau.'),
  requestPlaced: step('placed', 'The child was placed in a school: the request is settled.'),
  requestRefused: step('refused', 'The request was refused, with a reason: it is settled.'),
  schoolChanged,
} as const;
