import { defineEvent, type JsonSchema } from '../common/cloudevent';

const SERVICE = 'relocation';

/** States of a household inside a red line, in the order they are reached. */
export const HOUSEHOLD_STATES = ['visited', 'agreed', 'signed', 'moved', 'demolished'] as const;

/** A household's state (null before the first visit). */
export type HouseholdState = (typeof HOUSEHOLD_STATES)[number];

/** States of a help request (schooling requests mirror the schooling service's state). */
export type HelpState = 'received' | 'arranged' | 'closed' | 'requested';

const PATH = { type: 'array', items: { type: 'string' }, description: 'Node codes from the city down to nodeCode.' } as const;

/** Payload of `citygrid.relocation-project.created.v1`: a relocation project was opened. Never a name. */
export interface RelocationProjectCreatedV1 {
  projectId: string;
  nodeCode: string;
  path: string[];
  /** First day of the project, `YYYY-MM-DD`. */
  startDate: string;
  by: string;
}

/** Payload of `citygrid.relocation-household.changed.v1`: one step of a household's status. */
export interface RelocationHouseholdChangedV1 {
  projectId: string;
  /** The household inside the red line (its id in the project). */
  householdId: string;
  stateBefore: HouseholdState | null;
  state: HouseholdState;
  /** When the step happened (ISO 8601; may be backdated). */
  at: string;
  path: string[];
  /** The household's grid-registry place. */
  placeId?: string;
  /** Whether it is a holdout after the change. */
  holdout?: boolean;
  by?: string;
}

/** Payload of `citygrid.relocation-household.holdout.v1`: a household was marked a holdout, or the mark was cleared. */
export interface RelocationHoldoutV1 {
  projectId: string;
  householdId: string;
  holdout: boolean;
  /** How many reasons are recorded (the reasons stay in the service). */
  reasons: number;
  path: string[];
  by: string;
}

/** Payload of `citygrid.relocation-help.raised.v1` and `.changed.v1`. */
export interface RelocationHelpV1 {
  id: string;
  projectId: string;
  householdId: string;
  kind: 'schooling' | 'rental';
  stateBefore: HelpState | null;
  state: HelpState;
  path: string[];
  /** The schooling service's request, for schooling help. */
  schoolingRequestId: string | null;
  by: string;
}

/** Payload of `citygrid.relocation-package.changed.v1`: a work package was created or households were assigned to it. */
export interface RelocationPackageChangedV1 {
  id: string;
  projectId: string;
  action: 'create' | 'assign';
  /** Households it holds after the change. */
  households: number;
  path: string[];
  by: string;
}

/** Payload of `citygrid.relocation-project.resolved.v1`: what lies inside the red line was (re)resolved. */
export interface RelocationProjectResolvedV1 {
  projectId: string;
  units: number;
  buildings: number;
  households: number;
  path: string[];
  by: string;
}

const helpSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Help request id.' },
    projectId: { type: 'string', format: 'uuid', description: 'Relocation project.' },
    householdId: { type: 'string', format: 'uuid', description: 'Household in the project.' },
    kind: { type: 'string', enum: ['schooling', 'rental'], description: 'Schooling or rental help.' },
    stateBefore: { type: ['string', 'null'], description: 'State before (null when raised).' },
    state: { type: 'string', enum: ['received', 'arranged', 'closed', 'requested'], description: 'State after.' },
    path: PATH,
    schoolingRequestId: { type: ['string', 'null'], description: "The schooling service's request." },
    by: { type: 'string', description: 'Who made the change.' },
  },
  required: ['id', 'projectId', 'householdId', 'kind', 'stateBefore', 'state', 'path', 'schoolingRequestId', 'by'],
};

/** Events of relocation. */
export const RelocationEvents = {
  projectCreated: defineEvent<RelocationProjectCreatedV1>({
    service: SERVICE,
    aggregate: 'relocation-project',
    event: 'created',
    version: 1,
    summary: 'A relocation project 征拆项目 with its red line was created.',
    schema: {
      type: 'object',
      properties: {
        projectId: { type: 'string', format: 'uuid', description: 'Project id.' },
        nodeCode: { type: 'string', description: 'The subdistrict the project belongs to.' },
        path: PATH,
        startDate: { type: 'string', format: 'date', description: 'First day of the project.' },
        by: { type: 'string', description: 'Who created it.' },
      },
      required: ['projectId', 'nodeCode', 'path', 'startDate', 'by'],
    },
  }),
  projectResolved: defineEvent<RelocationProjectResolvedV1>({
    service: SERVICE,
    aggregate: 'relocation-project',
    event: 'resolved',
    version: 1,
    summary: 'The units, buildings and households inside the red line were (re)resolved from the registry.',
    schema: {
      type: 'object',
      properties: {
        projectId: { type: 'string', format: 'uuid', description: 'Project id.' },
        units: { type: 'integer', description: 'Units inside.' },
        buildings: { type: 'integer', description: 'Buildings inside.' },
        households: { type: 'integer', description: 'Households inside.' },
        path: PATH,
        by: { type: 'string', description: 'Who resolved it.' },
      },
      required: ['projectId', 'units', 'buildings', 'households', 'path', 'by'],
    },
  }),
  householdChanged: defineEvent<RelocationHouseholdChangedV1>({
    service: SERVICE,
    aggregate: 'relocation-household',
    event: 'changed',
    version: 1,
    summary: "A household's status inside a red line changed (visited, agreed, signed, moved, demolished).",
    schema: {
      type: 'object',
      properties: {
        projectId: { type: 'string', format: 'uuid', description: 'Project id.' },
        householdId: { type: 'string', format: 'uuid', description: 'Household in the project.' },
        stateBefore: { type: ['string', 'null'], enum: [null, ...HOUSEHOLD_STATES], description: 'State before (null before the first visit).' },
        state: { type: 'string', enum: [...HOUSEHOLD_STATES], description: 'State after.' },
        at: { type: 'string', format: 'date-time', description: 'When the step happened (may be backdated).' },
        path: PATH,
        placeId: { type: 'string', format: 'uuid', description: "The household's grid-registry place." },
        holdout: { type: 'boolean', description: 'Whether it is a holdout.' },
        by: { type: 'string', description: 'Who recorded it.' },
      },
      required: ['projectId', 'householdId', 'stateBefore', 'state', 'at', 'path'],
    },
  }),
  householdHoldout: defineEvent<RelocationHoldoutV1>({
    service: SERVICE,
    aggregate: 'relocation-household',
    event: 'holdout',
    version: 1,
    summary: 'A household was marked a holdout 钉子户 with reasons, or the mark was cleared.',
    schema: {
      type: 'object',
      properties: {
        projectId: { type: 'string', format: 'uuid', description: 'Project id.' },
        householdId: { type: 'string', format: 'uuid', description: 'Household in the project.' },
        holdout: { type: 'boolean', description: 'Whether it holds out now.' },
        reasons: { type: 'integer', description: 'How many reasons are recorded.' },
        path: PATH,
        by: { type: 'string', description: 'Who made the change.' },
      },
      required: ['projectId', 'householdId', 'holdout', 'reasons', 'path', 'by'],
    },
  }),
  packageChanged: defineEvent<RelocationPackageChangedV1>({
    service: SERVICE,
    aggregate: 'relocation-package',
    event: 'changed',
    version: 1,
    summary: 'A work package 分包 was created or households were assigned to it.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Package id.' },
        projectId: { type: 'string', format: 'uuid', description: 'Project id.' },
        action: { type: 'string', enum: ['create', 'assign'], description: 'What happened.' },
        households: { type: 'integer', description: 'Households in the package after the change.' },
        path: PATH,
        by: { type: 'string', description: 'Who made the change.' },
      },
      required: ['id', 'projectId', 'action', 'households', 'path', 'by'],
    },
  }),
  helpRaised: defineEvent<RelocationHelpV1>({
    service: SERVICE,
    aggregate: 'relocation-help',
    event: 'raised',
    version: 1,
    summary: 'A help request (schooling or rental) was raised for a moving household.',
    schema: helpSchema,
  }),
  helpChanged: defineEvent<RelocationHelpV1>({
    service: SERVICE,
    aggregate: 'relocation-help',
    event: 'changed',
    version: 1,
    summary: 'A rental help request was arranged or closed.',
    schema: helpSchema,
  }),
} as const;
