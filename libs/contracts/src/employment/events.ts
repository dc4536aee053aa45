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

/** Payload of the seeker events: where the seeker is and what changed, never a name or contact. */
export interface SeekerV1 {
  /** Seeker id. */
  id: string;
  /** The grid-registry resident, when linked. */
  residentId: string | null;
  nodeCode: string;
  path: string[];
  categories: SeekerCategory[];
  /** `seeking`, `placed` or `inactive`. */
  status: string;
  /** Version after the change. */
  version: number;
  by: string;
}

/** Payload of the employer and posting events. */
export interface EmployerRecordV1 {
  /** Employer or posting id. */
  id: string;
  /** The employer (its own id for an employer event). */
  employerId: string;
  nodeCode: string;
  path: string[];
  /** Postings: `open` or `closed`; employers: null. */
  status: string | null;
  by: string;
}

/** Payload of the fair events. */
export interface FairV1 {
  id: string;
  kind: string;
  date: string;
  nodeCode: string;
  path: string[];
  /** Seekers of this change (attendance, offer); empty otherwise. */
  seekerIds: string[];
  /** The posting offered (offers). */
  postingId: string | null;
  by: string;
}

/** Payload of `citygrid.placement.followed-up.v1`. */
export interface FollowUpV1 {
  id: string;
  placementId: string;
  seekerId: string;
  date: string;
  stillEmployed: boolean;
  nodeCode: string;
  path: string[];
  by: string;
}

const ID: JsonSchema = { type: 'string', format: 'uuid' };
const CATEGORIES: JsonSchema = { type: 'array', items: { type: 'string', enum: ['laid_off', 'age_4050', 'graduate', 'relocated', 'disabled', 'other'] }, description: 'Categories.' };
const SEEKER_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { ...ID, description: 'Seeker id.' },
    residentId: { type: ['string', 'null'], format: 'uuid', description: 'The grid-registry resident, when linked.' },
    nodeCode: { type: 'string', description: 'The node the seeker belongs to.' },
    path: PATH,
    categories: CATEGORIES,
    status: { type: 'string', enum: ['seeking', 'placed', 'inactive'], description: 'Status after the change.' },
    version: { type: 'integer', description: 'Version after the change.' },
    by: ACTOR,
  },
  required: ['id', 'residentId', 'nodeCode', 'path', 'categories', 'status', 'version', 'by'],
};
const EMPLOYER_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { ...ID, description: 'Employer or posting id.' },
    employerId: { ...ID, description: 'The employer.' },
    nodeCode: { type: 'string', description: "The employer's node." },
    path: PATH,
    status: { type: ['string', 'null'], enum: ['open', 'closed', null], description: 'A posting: open or closed; an employer: null.' },
    by: ACTOR,
  },
  required: ['id', 'employerId', 'nodeCode', 'path', 'status', 'by'],
};
const FAIR_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { ...ID, description: 'Fair id.' },
    kind: { type: 'string', enum: ['job_fair', 'spring_breeze', 'aid_month'], description: 'Job fair or campaign.' },
    date: { type: 'string', format: 'date', description: 'The day.' },
    nodeCode: { type: 'string', description: 'The node holding it.' },
    path: PATH,
    seekerIds: { type: 'array', items: ID, description: 'Seekers of this change.' },
    postingId: { type: ['string', 'null'], format: 'uuid', description: 'The posting offered.' },
    by: ACTOR,
  },
  required: ['id', 'kind', 'date', 'nodeCode', 'path', 'seekerIds', 'postingId', 'by'],
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
  seekerRegistered: defineEvent<SeekerV1>({ service: SERVICE, aggregate: 'job-seeker', event: 'registered', version: 1, summary: 'A job seeker was registered.', schema: SEEKER_SCHEMA }),
  seekerUpdated: defineEvent<SeekerV1>({
    service: SERVICE,
    aggregate: 'job-seeker',
    event: 'updated',
    version: 1,
    summary: "A job seeker's categories, skills, wishes, contact or status changed (a placement recorded or cancelled included).",
    schema: SEEKER_SCHEMA,
  }),
  employerRegistered: defineEvent<EmployerRecordV1>({ service: SERVICE, aggregate: 'employer', event: 'registered', version: 1, summary: 'An employer was registered.', schema: EMPLOYER_SCHEMA }),
  postingOpened: defineEvent<EmployerRecordV1>({
    service: SERVICE,
    aggregate: 'job-posting',
    event: 'opened',
    version: 1,
    summary: 'A job posting was published or reopened.',
    schema: EMPLOYER_SCHEMA,
  }),
  postingUpdated: defineEvent<EmployerRecordV1>({
    service: SERVICE,
    aggregate: 'job-posting',
    event: 'updated',
    version: 1,
    summary: 'A job posting was closed or its openings changed.',
    schema: EMPLOYER_SCHEMA,
  }),
  fairScheduled: defineEvent<FairV1>({ service: SERVICE, aggregate: 'job-fair', event: 'scheduled', version: 1, summary: 'A job fair or campaign event was scheduled.', schema: FAIR_SCHEMA }),
  fairAttended: defineEvent<FairV1>({ service: SERVICE, aggregate: 'job-fair', event: 'attended', version: 1, summary: 'Seekers were recorded as attending a fair.', schema: FAIR_SCHEMA }),
  fairOfferMade: defineEvent<FairV1>({ service: SERVICE, aggregate: 'job-fair', event: 'offer-made', version: 1, summary: 'A seeker was offered a posting at a fair.', schema: FAIR_SCHEMA }),
  placementFollowedUp: defineEvent<FollowUpV1>({
    service: SERVICE,
    aggregate: 'placement',
    event: 'followed-up',
    version: 1,
    summary: 'A placed person was followed up (still employed or not).',
    schema: {
      type: 'object',
      properties: {
        id: { ...ID, description: 'Follow-up id.' },
        placementId: { ...ID, description: 'The placement.' },
        seekerId: { ...ID, description: 'The seeker.' },
        date: { type: 'string', format: 'date', description: 'The day of the follow-up.' },
        stillEmployed: { type: 'boolean', description: 'Still in work.' },
        nodeCode: { type: 'string', description: "The seeker's node." },
        path: PATH,
        by: ACTOR,
      },
      required: ['id', 'placementId', 'seekerId', 'date', 'stillEmployed', 'nodeCode', 'path', 'by'],
    },
  }),
} as const;
