import { Type } from 'class-transformer';
import { IsUUID, Matches, ValidateNested } from 'class-validator';

import type { Page, RpcDefinition } from '../common/rpc';
import { Optional } from '../common/optional';
import type { LookupPointQuery } from './geometry';
import {
  NODE_CODE_PATTERN,
  RetireNodeDto,
  UpdateNodeDto,
  type CreateNodeDto,
  type GridIndexPage,
  type GridIndexQuery,
  type ListNodesQuery,
  type LookupResultView,
  type NodeTreeView,
  type NodeView,
} from './nodes';
import type { AssignmentView, AssignStaffDto, CreateDepartmentDto, CreateStaffDto, DepartmentView, PageQuery, StaffView } from './people';
import { MovePlaceDto, type ImportJobView, type ListPlacesQuery, type PlaceView, type RegisterPlaceDto, type StartImportDto } from './places';
import type { FindResidentQuery, ListResidentsQuery, RegisterResidentDto, ResidentView } from './residents';
import type { AuditEntryView, ListAuditQuery } from '../common/audit';

/** Identifies one entity by id. */
export class IdRequest {
  /** Entity id (UUID). */
  @IsUUID()
  id!: string;
}

/** Identifies one department by its code. */
export class DepartmentCodeRequest {
  /** Department code (letters, digits, dashes). */
  @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'code must be 2-32 letters, digits or dashes' })
  code!: string;
}

/** Identifies one node by code. */
export class CodeRequest {
  /** Node code. */
  @Matches(NODE_CODE_PATTERN, { message: 'code must be a node code' })
  code!: string;
}

/** Change a node. */
export class UpdateNodeRequest extends CodeRequest {
  /** The changes. */
  @ValidateNested()
  @Type(() => UpdateNodeDto)
  changes!: UpdateNodeDto;
}

/** Retire a node. */
export class RetireNodeRequest extends RetireNodeDto {
  /** Node code. */
  @Matches(NODE_CODE_PATTERN, { message: 'code must be a node code' })
  code!: string;
}

/** The tree, whole or under one node. */
export class TreeRequest {
  /** Root code; omitted for the whole tree. */
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'code must be a node code' })
  code?: string;
}

/** Move a place. */
export class MovePlaceRequest extends MovePlaceDto {
  /** Place id. */
  @IsUUID()
  id!: string;
}

/** RPC patterns answered by grid-registry (NATS request/reply, queue group `grid-registry`). */
export const GridRegistryRpc = {
  nodeCreate: 'grid-registry.node.create',
  nodeUpdate: 'grid-registry.node.update',
  nodeRetire: 'grid-registry.node.retire',
  nodeGet: 'grid-registry.node.get',
  nodeChildren: 'grid-registry.node.children',
  nodeList: 'grid-registry.node.list',
  nodeTree: 'grid-registry.node.tree',
  nodeLookup: 'grid-registry.node.lookup',
  gridIndex: 'grid-registry.grid.index',
  staffCreate: 'grid-registry.staff.create',
  staffGet: 'grid-registry.staff.get',
  staffList: 'grid-registry.staff.list',
  staffAssign: 'grid-registry.staff.assign',
  staffUnassign: 'grid-registry.staff.unassign',
  nodeStaff: 'grid-registry.node.staff',
  departmentCreate: 'grid-registry.department.create',
  departmentGet: 'grid-registry.department.get',
  departmentList: 'grid-registry.department.list',
  departmentByCode: 'grid-registry.department.by-code',
  placeRegister: 'grid-registry.place.register',
  placeMove: 'grid-registry.place.move',
  placeGet: 'grid-registry.place.get',
  placeList: 'grid-registry.place.list',
  importStart: 'grid-registry.import.start',
  importGet: 'grid-registry.import.get',
  residentRegister: 'grid-registry.resident.register',
  residentGet: 'grid-registry.resident.get',
  residentList: 'grid-registry.resident.list',
  residentFind: 'grid-registry.resident.find',
  auditList: 'grid-registry.audit.list',
} as const;

/** Typed map: pattern → request payload and response. */
export type GridRegistryRpcMap = {
  'grid-registry.node.create': RpcDefinition<CreateNodeDto, NodeView>;
  'grid-registry.node.update': RpcDefinition<UpdateNodeRequest, NodeView>;
  'grid-registry.node.retire': RpcDefinition<RetireNodeRequest, NodeView>;
  'grid-registry.node.get': RpcDefinition<CodeRequest, NodeView>;
  'grid-registry.node.children': RpcDefinition<CodeRequest, NodeView[]>;
  'grid-registry.node.list': RpcDefinition<ListNodesQuery, Page<NodeView>>;
  'grid-registry.node.tree': RpcDefinition<TreeRequest, NodeTreeView[]>;
  'grid-registry.node.lookup': RpcDefinition<LookupPointQuery, LookupResultView>;
  /** Active nodes with boundaries, by code, a page at a time: for services that keep a copy of the grid index. */
  'grid-registry.grid.index': RpcDefinition<GridIndexQuery, GridIndexPage>;
  'grid-registry.staff.create': RpcDefinition<CreateStaffDto, StaffView>;
  'grid-registry.staff.get': RpcDefinition<IdRequest, StaffView>;
  'grid-registry.staff.list': RpcDefinition<PageQuery, Page<StaffView>>;
  'grid-registry.staff.assign': RpcDefinition<AssignStaffDto, AssignmentView>;
  'grid-registry.staff.unassign': RpcDefinition<IdRequest, AssignmentView>;
  'grid-registry.node.staff': RpcDefinition<CodeRequest, AssignmentView[]>;
  'grid-registry.department.create': RpcDefinition<CreateDepartmentDto, DepartmentView>;
  'grid-registry.department.get': RpcDefinition<IdRequest, DepartmentView>;
  'grid-registry.department.list': RpcDefinition<PageQuery, Page<DepartmentView>>;
  /** A department by its code, if the caller may see it (ticketing checks a dispatch target with it). */
  'grid-registry.department.by-code': RpcDefinition<DepartmentCodeRequest, DepartmentView>;
  'grid-registry.place.register': RpcDefinition<RegisterPlaceDto, PlaceView>;
  'grid-registry.place.move': RpcDefinition<MovePlaceRequest, PlaceView>;
  'grid-registry.place.get': RpcDefinition<IdRequest, PlaceView>;
  'grid-registry.place.list': RpcDefinition<ListPlacesQuery, Page<PlaceView>>;
  'grid-registry.import.start': RpcDefinition<StartImportDto, ImportJobView>;
  'grid-registry.import.get': RpcDefinition<IdRequest, ImportJobView>;
  'grid-registry.resident.register': RpcDefinition<RegisterResidentDto, ResidentView>;
  'grid-registry.resident.get': RpcDefinition<IdRequest, ResidentView>;
  'grid-registry.resident.list': RpcDefinition<ListResidentsQuery, Page<ResidentView>>;
  'grid-registry.resident.find': RpcDefinition<FindResidentQuery, ResidentView[]>;
  'grid-registry.audit.list': RpcDefinition<ListAuditQuery, Page<AuditEntryView>>;
};
