import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { FieldError } from '@citygrid/contracts';
import { DepartmentKind, ImportKind, ImportStatus, NodeKind, NodeStatus, PlaceKind, StaffRole } from '@citygrid/contracts/grid-registry';
import type { Boundary } from '@citygrid/geo';

/** A node of the five-level tree; grids carry their level. */
@Entity({ tableName: 'grid_node' })
export class GridNode {
  [OptionalProps]?: 'status' | 'version' | 'createdAt' | 'updatedAt' | 'retiredReason' | 'nameEn';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) @Unique() code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) nameEn: string | null = null;
  @Property({ type: 'text' }) kind!: NodeKind;
  @Property({ type: 'smallint', nullable: true }) gridLevel!: 1 | 2 | 3 | null;
  @Property({ type: 'uuid', nullable: true }) @Index() parentId!: string | null;
  @Property({ type: 'text', nullable: true }) parentCode!: string | null;
  @Property({ type: 'smallint' }) depth!: number;
  /** Codes from the root down to this node. */
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text' }) status: NodeStatus = NodeStatus.Active;
  @Property({ type: 'jsonb' }) boundary!: Boundary;
  @Property({ type: 'double' }) minLng!: number;
  @Property({ type: 'double' }) minLat!: number;
  @Property({ type: 'double' }) maxLng!: number;
  @Property({ type: 'double' }) maxLat!: number;
  @Property({ type: 'text', nullable: true }) retiredReason: string | null = null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'integer', version: true }) version!: number;
}

@Entity({ tableName: 'staff' })
export class Staff {
  [OptionalProps]?: 'createdAt' | 'employeeNo' | 'homeCode' | 'homePath';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) @Unique() employeeNo: string | null = null;
  @Property({ type: 'text', nullable: true }) homeCode: string | null = null;
  /** Path of the home node: who may see and manage this person. */
  @Property({ type: 'text[]' }) homePath: string[] = [];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

@Entity({ tableName: 'staff_assignment' })
export class StaffAssignment {
  [OptionalProps]?: 'assignedAt' | 'unassignedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) @Index() staffId!: string;
  @Property({ type: 'uuid' }) @Index() nodeId!: string;
  @Property({ type: 'text' }) role!: StaffRole;
  @Property({ type: 'timestamptz' }) assignedAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) unassignedAt: Date | null = null;
}

@Entity({ tableName: 'department' })
export class Department {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) @Unique() code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: DepartmentKind;
  @Property({ type: 'text[]' }) servesNodeCodes!: string[];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

@Entity({ tableName: 'place' })
export class Place {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) kind!: PlaceKind;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) address!: string;
  @Property({ type: 'double' }) lng!: number;
  @Property({ type: 'double' }) lat!: number;
  @Property({ type: 'uuid' }) @Index() gridId!: string;
  @Property({ type: 'text' }) gridCode!: string;
  @Property({ type: 'text[]' }) gridPath!: string[];
  @Property({ type: 'jsonb' }) attributes!: Record<string, string | number>;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}

@Entity({ tableName: 'import_job' })
export class ImportJob {
  [OptionalProps]?: 'createdAt' | 'finishedAt' | 'processed' | 'imported' | 'errors' | 'total' | 'fileName' | 'scopePath';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) kind!: ImportKind;
  @Property({ type: 'text', nullable: true }) fileName: string | null = null;
  @Property({ type: 'text' }) status!: ImportStatus;
  @Property({ type: 'integer' }) total = 0;
  @Property({ type: 'integer' }) processed = 0;
  @Property({ type: 'integer' }) imported = 0;
  @Property({ type: 'jsonb' }) errors: FieldError[] = [];
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) finishedAt: Date | null = null;
  /** Path of the node of whoever started it: who may follow it. */
  @Property({ type: 'text[]' }) scopePath: string[] = [];
}

export const gridRegistryEntities = [GridNode, Staff, StaffAssignment, Department, Place, ImportJob];
