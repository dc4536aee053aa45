import { defineEvent, type JsonSchema } from '../common/cloudevent';
import type { DepartmentKind, NodeKind, PlaceKind, StaffRole } from './enums';

const SERVICE = 'grid-registry';

const nodeRef: Record<string, JsonSchema> = {
  id: { type: 'string', format: 'uuid', description: 'Node id.' },
  code: { type: 'string', description: 'Hierarchical node code (GB/T 2260 prefix + local numbers).' },
  path: { type: 'array', items: { type: 'string' }, description: 'Codes from the root (city) down to this node; filter by area with it.' },
};

/** Payload of `citygrid.grid.created.v1`. */
export interface GridCreatedV1 {
  /** Node id. */
  id: string;
  /** Hierarchical code. */
  code: string;
  /** Codes from the root to this node. */
  path: string[];
  /** Chinese name. */
  name: string;
  /** English name or null. */
  nameEn: string | null;
  /** Kind of node. */
  kind: NodeKind;
  /** Grid level 1/2/3 or null. */
  gridLevel: 1 | 2 | 3 | null;
  /** Parent code or null for a city. */
  parentCode: string | null;
  /** Boundary (GeoJSON Polygon or MultiPolygon). */
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** Version after the change. */
  version: number;
}

/** Payload of `citygrid.grid.updated.v1`. */
export interface GridUpdatedV1 {
  /** Node id. */
  id: string;
  /** Code. */
  code: string;
  /** Codes from the root to this node. */
  path: string[];
  /** Names of the fields that changed (`name`, `nameEn`, `boundary`). */
  changed: string[];
  /** Chinese name after the change. */
  name: string;
  /** English name after the change. */
  nameEn: string | null;
  /** Boundary after the change. */
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** Version after the change. */
  version: number;
}

/** Payload of `citygrid.grid.retired.v1`. */
export interface GridRetiredV1 {
  /** Node id. */
  id: string;
  /** Code. */
  code: string;
  /** Codes from the root to this node. */
  path: string[];
  /** Why it was retired. */
  reason: string;
  /** Version after the change. */
  version: number;
}

/** Payload of `citygrid.staff.registered.v1`. */
export interface StaffRegisteredV1 {
  /** Staff id. */
  id: string;
  /** Name. */
  name: string;
  /** Employee number or null. */
  employeeNo: string | null;
}

/** Payload of `citygrid.staff.assigned.v1` and `citygrid.staff.unassigned.v1`. */
export interface StaffAssignmentV1 {
  /** Assignment id. */
  assignmentId: string;
  /** Staff id. */
  staffId: string;
  /** Staff name. */
  staffName: string;
  /** Node id. */
  nodeId: string;
  /** Node code. */
  nodeCode: string;
  /** Codes from the root to the node. */
  path: string[];
  /** Role 网格长/网格员/网格责任人/平台操作员/督查. */
  role: StaffRole;
}

/** Payload of `citygrid.department.created.v1`. */
export interface DepartmentCreatedV1 {
  /** Department id. */
  id: string;
  /** Code. */
  code: string;
  /** Name. */
  name: string;
  /** Kind. */
  kind: DepartmentKind;
  /** Codes of nodes served. */
  servesNodeCodes: string[];
}

/** Payload of `citygrid.place.registered.v1` and `citygrid.place.moved.v1`. */
export interface PlaceLocatedV1 {
  /** Place id. */
  id: string;
  /** Kind. */
  kind: PlaceKind;
  /** Name. */
  name: string;
  /** Location `[lng, lat]`. */
  coordinates: [number, number];
  /** Level-3 grid id. */
  gridId: string;
  /** Level-3 grid code. */
  gridCode: string;
  /** Codes from the root to the grid. */
  path: string[];
  /** Previous grid code (moves only), or null. */
  previousGridCode: string | null;
}

/** Payload of `citygrid.import.completed.v1`. */
export interface ImportCompletedV1 {
  /** Import job id. */
  id: string;
  /** What was imported. */
  kind: string;
  /** Rows imported. */
  imported: number;
}

/**
 * Payload of `citygrid.resident.registered.v1`. It carries no personal data at all: no name, no ID
 * number, no phone, not even masked (a masked ID number still gives away the area and four
 * digits). Consumers that need a resident ask grid-registry with their own, scoped, token.
 */
export interface ResidentRegisteredV1 {
  /** Resident id. */
  id: string;
  /** Household (place) id. */
  householdId: string;
  /** Level-3 grid id. */
  gridId: string;
  /** Level-3 grid code. */
  gridCode: string;
  /** Codes from the root to the grid. */
  path: string[];
}

const boundarySchema: JsonSchema = {
  type: 'object',
  description: 'GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat].',
  properties: { type: { type: 'string', enum: ['Polygon', 'MultiPolygon'] }, coordinates: { type: 'array' } },
  required: ['type', 'coordinates'],
};
const nullableString: JsonSchema = { type: ['string', 'null'] };

/** Events emitted by grid-registry. */
export const GridRegistryEvents = {
  gridCreated: defineEvent<GridCreatedV1>({
    service: SERVICE,
    aggregate: 'grid',
    event: 'created',
    version: 1,
    summary: 'A node of the tree (city, district, subdistrict, community or grid) was created.',
    schema: {
      type: 'object',
      properties: {
        ...nodeRef,
        name: { type: 'string' },
        nameEn: nullableString,
        kind: { type: 'string', enum: ['city', 'district', 'subdistrict', 'community', 'grid'] },
        gridLevel: { type: ['integer', 'null'], enum: [1, 2, 3, null] },
        parentCode: nullableString,
        boundary: boundarySchema,
        version: { type: 'integer' },
      },
      required: ['id', 'code', 'path', 'name', 'nameEn', 'kind', 'gridLevel', 'parentCode', 'boundary', 'version'],
    },
  }),
  gridUpdated: defineEvent<GridUpdatedV1>({
    service: SERVICE,
    aggregate: 'grid',
    event: 'updated',
    version: 1,
    summary: 'A node was renamed or its boundary changed.',
    schema: {
      type: 'object',
      properties: {
        ...nodeRef,
        changed: { type: 'array', items: { type: 'string' } },
        name: { type: 'string' },
        nameEn: nullableString,
        boundary: boundarySchema,
        version: { type: 'integer' },
      },
      required: ['id', 'code', 'path', 'changed', 'name', 'nameEn', 'boundary', 'version'],
    },
  }),
  gridRetired: defineEvent<GridRetiredV1>({
    service: SERVICE,
    aggregate: 'grid',
    event: 'retired',
    version: 1,
    summary: 'A node was retired; it no longer resolves points.',
    schema: { type: 'object', properties: { ...nodeRef, reason: { type: 'string' }, version: { type: 'integer' } }, required: ['id', 'code', 'path', 'reason', 'version'] },
  }),
  staffRegistered: defineEvent<StaffRegisteredV1>({
    service: SERVICE,
    aggregate: 'staff',
    event: 'registered',
    version: 1,
    summary: 'A staff member was registered.',
    schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, employeeNo: nullableString }, required: ['id', 'name', 'employeeNo'] },
  }),
  staffAssigned: defineEvent<StaffAssignmentV1>({
    service: SERVICE,
    aggregate: 'staff',
    event: 'assigned',
    version: 1,
    summary: 'A staff member was assigned to a node in a role.',
    schema: assignmentSchema(),
  }),
  staffUnassigned: defineEvent<StaffAssignmentV1>({
    service: SERVICE,
    aggregate: 'staff',
    event: 'unassigned',
    version: 1,
    summary: 'A staff member was removed from a role at a node.',
    schema: assignmentSchema(),
  }),
  departmentCreated: defineEvent<DepartmentCreatedV1>({
    service: SERVICE,
    aggregate: 'department',
    event: 'created',
    version: 1,
    summary: 'A linked department 下沉单位 was created with the nodes it serves.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        code: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string', enum: ['police', 'market_regulation', 'quality_supervision', 'work_safety', 'city_management', 'other'] },
        servesNodeCodes: { type: 'array', items: { type: 'string' } },
      },
      required: ['id', 'code', 'name', 'kind', 'servesNodeCodes'],
    },
  }),
  placeRegistered: defineEvent<PlaceLocatedV1>({
    service: SERVICE,
    aggregate: 'place',
    event: 'registered',
    version: 1,
    summary: 'A building, household, unit or key location was registered and resolved to its level-3 grid.',
    schema: placeSchema(),
  }),
  placeMoved: defineEvent<PlaceLocatedV1>({
    service: SERVICE,
    aggregate: 'place',
    event: 'moved',
    version: 1,
    summary: 'A place got a new location and was re-resolved to its grid.',
    schema: placeSchema(),
  }),
  importCompleted: defineEvent<ImportCompletedV1>({
    service: SERVICE,
    aggregate: 'import',
    event: 'completed',
    version: 1,
    summary: 'A bulk import finished and all its rows were written (each row also emitted its own event).',
    schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, kind: { type: 'string' }, imported: { type: 'integer' } }, required: ['id', 'kind', 'imported'] },
  }),
  residentRegistered: defineEvent<ResidentRegisteredV1>({
    service: SERVICE,
    aggregate: 'resident',
    event: 'registered',
    version: 1,
    summary: 'A resident was registered in a household. Carries no personal data (no name, ID number or phone, not even masked).',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        householdId: { type: 'string', format: 'uuid' },
        gridId: { type: 'string', format: 'uuid' },
        gridCode: { type: 'string' },
        path: nodeRef['path'],
      },
      required: ['id', 'householdId', 'gridId', 'gridCode', 'path'],
    },
  }),
} as const;

function assignmentSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      assignmentId: { type: 'string', format: 'uuid' },
      staffId: { type: 'string', format: 'uuid' },
      staffName: { type: 'string' },
      nodeId: { type: 'string', format: 'uuid' },
      nodeCode: { type: 'string' },
      path: nodeRef['path'],
      role: { type: 'string', enum: ['grid_leader', 'grid_member', 'responsible_person', 'platform_operator', 'supervisor'] },
    },
    required: ['assignmentId', 'staffId', 'staffName', 'nodeId', 'nodeCode', 'path', 'role'],
  };
}

function placeSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      kind: { type: 'string', enum: ['building', 'household', 'unit', 'key_location'] },
      name: { type: 'string' },
      coordinates: { type: 'array', items: { type: 'number' }, description: '[lng, lat] WGS-84' },
      gridId: { type: 'string', format: 'uuid' },
      gridCode: { type: 'string' },
      path: nodeRef['path'],
      previousGridCode: nullableString,
    },
    required: ['id', 'kind', 'name', 'coordinates', 'gridId', 'gridCode', 'path', 'previousGridCode'],
  };
}
