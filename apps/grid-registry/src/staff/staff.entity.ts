import { StaffRole } from '@citygrid/contracts/grid-registry';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A member of staff; where they work is in their assignments. */
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

/** A staff member's role at a node; an ended assignment keeps its `unassignedAt`. */
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
