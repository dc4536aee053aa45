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
} as const;
