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

/** Events of schooling, one per step of an enrolment help request; the service adds its others here. */
export const SchoolingEvents = {
  requestReceived: step('received', 'An enrolment help request 入学协助 was received for a child of a household.'),
  requestChecked: step('checked', 'The request was checked (documents, catchment).'),
  requestReferred: step('referred', 'The request was referred to a school or the education bureau.'),
  requestPlaced: step('placed', 'The child was placed in a school: the request is settled.'),
  requestRefused: step('refused', 'The request was refused, with a reason: it is settled.'),
} as const;
