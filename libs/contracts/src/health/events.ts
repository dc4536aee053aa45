import { defineEvent, type JsonSchema } from '../common/cloudevent';

const SERVICE = 'health';

const PATH: JsonSchema = { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to the node it belongs to: filter and roll up by area with it.' };

/** Payload of `citygrid.health-coverage.computed.v1`: the 15-minute coverage of one grid. */
export interface GridCoverageV1 {
  /** The level-3 grid. */
  gridCode: string;
  /** Codes from the city down to `gridCode`. */
  path: string[];
  /** Households registered in the grid (with a location). */
  households: number;
  /** Of them, within the walking limit of a station. */
  covered: number;
  /** Walking limit, minutes (15 by default). */
  limitMinutes: number;
  /** `graph` when walked over the imported road graph, `straight_line` otherwise. */
  method: 'graph' | 'straight_line';
  /** When it was computed (ISO 8601). */
  computedAt: string;
}

/** Payload of `citygrid.health-lecture.held.v1`. */
export interface LectureHeldV1 {
  id: string;
  /** The station that held it. */
  stationId: string;
  /** The node it was held for (a community). */
  nodeCode: string;
  path: string[];
  /** Local date (YYYY-MM-DD). */
  date: string;
  /** People who attended. */
  attendance: number;
}

/** Payload of the station events: where it is and what it offers; never its doctors. */
export interface StationChangedV1 {
  id: string;
  /** The node it sits in. */
  nodeCode: string;
  path: string[];
  /** `[lng, lat]`, WGS-84. */
  location: number[];
  services: string[];
  retired: boolean;
}

/** Payload of `citygrid.health-road-graph.imported.v1`. */
export interface RoadGraphImportedV1 {
  /** The node given at import (whose coverage is recomputed). */
  nodeCode: string;
  features: number;
  vertices: number;
  edges: number;
  /** Total length, metres. */
  lengthMetres: number;
  /** `false` when the graph was cleared. */
  inUse: boolean;
}

/** Payload of the follow-up events: who (by registry id), where, why; never names or notes. */
export interface FollowUpChangedV1 {
  id: string;
  residentId: string;
  /** The resident's grid. */
  nodeCode: string;
  path: string[];
  conditions: string[];
  intervalDays: number;
  active: boolean;
  /** Date of the last visit, YYYY-MM-DD, or null. */
  lastVisitOn: string | null;
}

const STATION_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Station id.' },
    nodeCode: { type: 'string', description: 'The node it sits in.' },
    path: PATH,
    location: { type: 'array', items: { type: 'number' }, description: '[lng, lat], WGS-84.' },
    services: { type: 'array', items: { type: 'string' }, description: 'Services offered (tags).' },
    retired: { type: 'boolean', description: 'Retired stations count for no coverage.' },
  },
  required: ['id', 'nodeCode', 'path', 'location', 'services', 'retired'],
};

const FOLLOW_UP_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Follow-up id.' },
    residentId: { type: 'string', format: 'uuid', description: 'grid-registry resident id.' },
    nodeCode: { type: 'string', description: "The resident's grid." },
    path: PATH,
    conditions: { type: 'array', items: { type: 'string' }, description: 'Condition tags.' },
    intervalDays: { type: 'integer', minimum: 1, description: 'Days between visits.' },
    active: { type: 'boolean', description: 'Still followed up.' },
    lastVisitOn: { type: ['string', 'null'], format: 'date', description: 'Date of the last visit.' },
  },
  required: ['id', 'residentId', 'nodeCode', 'path', 'conditions', 'intervalDays', 'active', 'lastVisitOn'],
};

/** Events of health that other services (reporting) act on; the service adds its others here. */
export const HealthEvents = {
  coverageComputed: defineEvent<GridCoverageV1>({
    service: SERVICE,
    aggregate: 'health-coverage',
    event: 'computed',
    version: 1,
    summary: "A grid's 15-minute coverage was computed (after a station, a household or the road graph changed, or on request); the latest one per grid stands.",
    schema: {
      type: 'object',
      properties: {
        gridCode: { type: 'string', description: 'The level-3 grid.' },
        path: PATH,
        households: { type: 'integer', minimum: 0, description: 'Households with a location in the grid.' },
        covered: { type: 'integer', minimum: 0, description: 'Of them, within the walking limit of a station.' },
        limitMinutes: { type: 'number', description: 'Walking limit, minutes.' },
        method: { type: 'string', enum: ['graph', 'straight_line'], description: 'Over the road graph, or straight line times the detour factor.' },
        computedAt: { type: 'string', format: 'date-time', description: 'When it was computed.' },
      },
      required: ['gridCode', 'path', 'households', 'covered', 'limitMinutes', 'method', 'computedAt'],
    },
  }),
  lectureHeld: defineEvent<LectureHeldV1>({
    service: SERVICE,
    aggregate: 'health-lecture',
    event: 'held',
    version: 1,
    summary: 'A health lecture 健康知识讲座 was held, with its attendance (sent again when the attendance is corrected; the latest counts).',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Lecture id.' },
        stationId: { type: 'string', format: 'uuid', description: 'The station that held it.' },
        nodeCode: { type: 'string', description: 'The node it was held for.' },
        path: PATH,
        date: { type: 'string', format: 'date', description: 'Local date.' },
        attendance: { type: 'integer', minimum: 0, description: 'People who attended.' },
      },
      required: ['id', 'stationId', 'nodeCode', 'path', 'date', 'attendance'],
    },
  }),
  stationRegistered: defineEvent<StationChangedV1>({
    service: SERVICE,
    aggregate: 'health-station',
    event: 'registered',
    version: 1,
    summary: 'A community health station 社区卫生服务站 was registered.',
    schema: STATION_SCHEMA,
  }),
  stationChanged: defineEvent<StationChangedV1>({
    service: SERVICE,
    aggregate: 'health-station',
    event: 'changed',
    version: 1,
    summary: 'A station changed (name, location, hours, services or doctors).',
    schema: STATION_SCHEMA,
  }),
  stationRetired: defineEvent<StationChangedV1>({
    service: SERVICE,
    aggregate: 'health-station',
    event: 'retired',
    version: 1,
    summary: 'A station was retired: it counts for no coverage any more.',
    schema: STATION_SCHEMA,
  }),
  roadGraphImported: defineEvent<RoadGraphImportedV1>({
    service: SERVICE,
    aggregate: 'health-road-graph',
    event: 'imported',
    version: 1,
    summary: 'The road graph walked over was imported (or cleared: `inUse` false).',
    schema: {
      type: 'object',
      properties: {
        nodeCode: { type: 'string', description: 'The node given at import.' },
        features: { type: 'integer', minimum: 0, description: 'Features imported.' },
        vertices: { type: 'integer', minimum: 0, description: 'Distinct vertices.' },
        edges: { type: 'integer', minimum: 0, description: 'Edges.' },
        lengthMetres: { type: 'number', minimum: 0, description: 'Total length, metres.' },
        inUse: { type: 'boolean', description: 'False when the graph was cleared.' },
      },
      required: ['nodeCode', 'features', 'vertices', 'edges', 'lengthMetres', 'inUse'],
    },
  }),
  followUpEnrolled: defineEvent<FollowUpChangedV1>({
    service: SERVICE,
    aggregate: 'health-follow-up',
    event: 'enrolled',
    version: 1,
    summary: 'A resident was put on the home-visit follow-up list (elderly, chronically ill).',
    schema: FOLLOW_UP_SCHEMA,
  }),
  followUpChanged: defineEvent<FollowUpChangedV1>({
    service: SERVICE,
    aggregate: 'health-follow-up',
    event: 'changed',
    version: 1,
    summary: "A follow-up's conditions, interval or activity changed.",
    schema: FOLLOW_UP_SCHEMA,
  }),
  visitLogged: defineEvent<FollowUpChangedV1>({
    service: SERVICE,
    aggregate: 'health-follow-up',
    event: 'visited',
    version: 1,
    summary: 'A home visit was logged for a follow-up (carries the follow-up as it stands after the visit; no notes).',
    schema: FOLLOW_UP_SCHEMA,
  }),
} as const;
