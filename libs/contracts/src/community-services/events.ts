import { defineEvent, type JsonSchema } from '../common/cloudevent';
import type { ServiceCentreChangedV1 } from './centres';
import type { ServiceRequestTypeChangedV1 } from './request-types';
import type { ServiceRequestNotedV1 } from './requests';

const SERVICE = 'community-services';

/** The centres 服务中心 a service request goes to. */
export type ServiceCentre = 'property' | 'housekeeping' | 'culture' | 'family_planning';

/** States of a service request. */
export type ServiceRequestState = 'received' | 'assigned' | 'in_progress' | 'closed' | 'cancelled';

/** Payload of every `citygrid.service-request.<step>.v1`: never the resident's name or contact. */
export interface ServiceRequestV1 {
  id: string;
  centre: ServiceCentre;
  /** Request type code of the centre's catalogue. */
  typeCode: string;
  stateBefore: ServiceRequestState | null;
  state: ServiceRequestState;
  nodeCode: string;
  path: string[];
  receivedAt: string;
  /** Due by (the type's time limit), or null. */
  dueAt: string | null;
  closedAt: string | null;
  /** Closed: the resident's satisfaction, when asked. */
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  by: string;
}

const SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Request id.' },
    centre: { type: 'string', enum: ['property', 'housekeeping', 'culture', 'family_planning'], description: 'The centre it goes to.' },
    typeCode: { type: 'string', description: "Request type of the centre's catalogue." },
    stateBefore: { type: ['string', 'null'], description: 'State before (null when received).' },
    state: { type: 'string', enum: ['received', 'assigned', 'in_progress', 'closed', 'cancelled'], description: 'State after.' },
    nodeCode: { type: 'string', description: 'The node of the resident (her grid).' },
    path: { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' },
    receivedAt: { type: 'string', format: 'date-time', description: 'When it was received.' },
    dueAt: { type: ['string', 'null'], format: 'date-time', description: "Due by (the type's time limit)." },
    closedAt: { type: ['string', 'null'], format: 'date-time', description: 'When it was closed.' },
    satisfaction: { type: ['string', 'null'], enum: ['satisfied', 'basically_satisfied', 'dissatisfied', null], description: "Closed: the resident's satisfaction, when asked." },
    by: { type: 'string', description: 'Who made the change.' },
  },
  required: ['id', 'centre', 'typeCode', 'stateBefore', 'state', 'nodeCode', 'path', 'receivedAt', 'dueAt', 'closedAt', 'satisfaction', 'by'],
};

const NOTED_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Request id.' },
    centre: { type: 'string', enum: ['property', 'housekeeping', 'culture', 'family_planning'], description: 'The centre.' },
    typeCode: { type: 'string', description: 'Request type.' },
    state: { type: 'string', enum: ['received', 'assigned', 'in_progress', 'closed', 'cancelled'], description: 'State (unchanged).' },
    nodeCode: { type: 'string', description: 'Node of the request.' },
    path: { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' },
    by: { type: 'string', description: 'Who wrote the note.' },
  },
  required: ['id', 'centre', 'typeCode', 'state', 'nodeCode', 'path', 'by'],
};

const CENTRE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Centre id.' },
    change: { type: 'string', enum: ['create', 'update', 'delete'], description: 'What happened.' },
    kind: { type: 'string', enum: ['property', 'housekeeping', 'culture', 'family_planning'], description: 'Which centre.' },
    name: { type: 'string', description: 'Centre name.' },
    nodeCode: { type: 'string', description: 'Node running it.' },
    path: { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' },
    retired: { type: 'boolean', description: 'Closed to new requests.' },
    changed: { type: 'array', items: { type: 'string' }, description: 'Fields changed (update).' },
    by: { type: 'string', description: 'Who made the change.' },
  },
  required: ['id', 'change', 'kind', 'name', 'nodeCode', 'path', 'retired', 'changed', 'by'],
};

const TYPE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Request type id.' },
    change: { type: 'string', enum: ['create', 'update'], description: 'What happened.' },
    centre: { type: 'string', enum: ['property', 'housekeeping', 'culture', 'family_planning'], description: 'The centre.' },
    code: { type: 'string', description: 'Type code.' },
    name: { type: 'string', description: 'Type name.' },
    timeLimitHours: { type: ['integer', 'null'], description: 'Time limit in hours, or null.' },
    asksSatisfaction: { type: 'boolean', description: 'Satisfaction is asked at closing.' },
    nodeCode: { type: ['string', 'null'], description: 'Node whose centres use it, null city-wide.' },
    path: { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' },
    retired: { type: 'boolean', description: 'Retired.' },
    changed: { type: 'array', items: { type: 'string' }, description: 'Fields changed (update).' },
    by: { type: 'string', description: 'Who made the change.' },
  },
  required: ['id', 'change', 'centre', 'code', 'name', 'timeLimitHours', 'asksSatisfaction', 'nodeCode', 'path', 'retired', 'changed', 'by'],
};

function step(event: string, summary: string) {
  return defineEvent<ServiceRequestV1>({ service: SERVICE, aggregate: 'service-request', event, version: 1, summary, schema: SCHEMA });
}

/** Events of community-services, one per step of a service request; the service adds its others here. */
export const CommunityServicesEvents = {
  requestReceived: step('received', 'A resident asked a centre for a service (物业, 家政, 文化, 计生).'),
  requestAssigned: step('assigned', 'The request was assigned to a member of the centre’s staff.'),
  requestStarted: step('started', 'The assignee started handling it.'),
  requestClosed: step('closed', "The request was handled and closed, with the resident's satisfaction when asked."),
  requestCancelled: step('cancelled', 'The request was withdrawn or cancelled, with a reason.'),
  requestNoted: defineEvent<ServiceRequestNotedV1>({
    service: SERVICE,
    aggregate: 'service-request',
    event: 'noted',
    version: 1,
    summary: 'A note was added to a request being handled (its text stays in the service).',
    schema: NOTED_SCHEMA,
  }),
  centreChanged: defineEvent<ServiceCentreChangedV1>({
    service: SERVICE,
    aggregate: 'service-centre',
    event: 'changed',
    version: 1,
    summary: 'A centre (物业, 家政, 文化, 计生) was set up, changed, closed or removed.',
    schema: CENTRE_SCHEMA,
  }),
  requestTypeChanged: defineEvent<ServiceRequestTypeChangedV1>({
    service: SERVICE,
    aggregate: 'service-request-type',
    event: 'changed',
    version: 1,
    summary: "A type of a centre's catalogue was added, changed or retired.",
    schema: TYPE_SCHEMA,
  }),
} as const;
