import { defineEvent, type JsonSchema } from '../common/cloudevent';

const SERVICE = 'employment';

const PATH: JsonSchema = { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to the node it belongs to: filter and roll up by area with it.' };
const ACTOR: JsonSchema = { type: 'string', description: 'Id of the account or client that made the change.' };

/** Kinds of a placement 新增就业. */
export type PlacementKind = 'employed' | 'self_employed' | 'public_welfare';

/** Categories of a job seeker (a seeker may be in several). */
export type SeekerCategory = 'laid_off' | 'age_4050' | 'graduate' | 'relocated' | 'disabled' | 'other';

/** Payload of `citygrid.placement.recorded.v1` and `citygrid.placement.cancelled.v1`. Never a name or contact. */
export interface PlacementV1 {
  /** Placement id. */
  id: string;
  /** The job seeker placed. */
  seekerId: string;
  /** How: employed by an employer, self-employed, or a public-welfare post 公益性岗位. */
  kind: PlacementKind;
  /** The day the work started (YYYY-MM-DD, local): it counts in that day's year and quarter. */
  date: string;
  /** The node the seeker belongs to (a community or grid). */
  nodeCode: string;
  /** Codes from the city down to `nodeCode`. */
  path: string[];
  /** The seeker's categories when placed. */
  categories: SeekerCategory[];
  /** The employer, when employed. */
  employerId: string | null;
  by: string;
}

/** Payload of `citygrid.employment-target.set.v1`. */
export interface EmploymentTargetV1 {
  /** The node the target is for. */
  nodeCode: string;
  /** Codes from the city down to `nodeCode`. */
  path: string[];
  /** Calendar year. */
  year: number;
  /** New urban jobs to reach 新增就业目标 (0 removes the target). */
  target: number;
  by: string;
}

const PLACEMENT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Placement id.' },
    seekerId: { type: 'string', format: 'uuid', description: 'The job seeker placed.' },
    kind: { type: 'string', enum: ['employed', 'self_employed', 'public_welfare'], description: 'Employed, self-employed or a public-welfare post.' },
    date: { type: 'string', format: 'date', description: 'The day the work started (local date).' },
    nodeCode: { type: 'string', description: 'The node the seeker belongs to.' },
    path: PATH,
    categories: { type: 'array', items: { type: 'string', enum: ['laid_off', 'age_4050', 'graduate', 'relocated', 'disabled', 'other'] }, description: "The seeker's categories when placed." },
    employerId: { type: ['string', 'null'], format: 'uuid', description: 'The employer, when employed.' },
    by: ACTOR,
  },
  required: ['id', 'seekerId', 'kind', 'date', 'nodeCode', 'path', 'categories', 'employerId', 'by'],
};

/** Events of employment that other services (reporting) act on; the service adds its others here. */
export const EmploymentEvents = {
  placementRecorded: defineEvent<PlacementV1>({
    service: SERVICE,
    aggregate: 'placement',
    event: 'recorded',
    version: 1,
    summary: 'A job seeker found work 新增就业 (employed, self-employed or a public-welfare post): it counts towards the node’s yearly target.',
    schema: PLACEMENT_SCHEMA,
  }),
  placementCancelled: defineEvent<PlacementV1>({
    service: SERVICE,
    aggregate: 'placement',
    event: 'cancelled',
    version: 1,
    summary: 'A placement recorded by mistake was withdrawn: it no longer counts.',
    schema: PLACEMENT_SCHEMA,
  }),
  targetSet: defineEvent<EmploymentTargetV1>({
    service: SERVICE,
    aggregate: 'employment-target',
    event: 'set',
    version: 1,
    summary: "A node's yearly target of new urban jobs was set (or split down from its parent's).",
    schema: {
      type: 'object',
      properties: {
        nodeCode: { type: 'string', description: 'The node the target is for.' },
        path: PATH,
        year: { type: 'integer', description: 'Calendar year.' },
        target: { type: 'integer', minimum: 0, description: 'New urban jobs to reach (0 removes the target).' },
        by: ACTOR,
      },
      required: ['nodeCode', 'path', 'year', 'target', 'by'],
    },
  }),
} as const;
