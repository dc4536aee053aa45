import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DepartmentKind } from '@citygrid/contracts/grid-registry';
import type { CategoryKind, TimeUnit } from '@citygrid/contracts/ticketing';

/** A node of the category tree; only leaves (sub-classes) carry a department kind and a limit. */
@Entity({ tableName: 'category' })
export class Category {
  [OptionalProps]?: 'retiredAt' | 'autoDispatch';
  @PrimaryKey({ type: 'text' }) code!: string;
  @Property({ type: 'text', nullable: true }) parentCode!: string | null;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: CategoryKind;
  @Property({ type: 'boolean' }) leaf!: boolean;
  @Property({ type: 'text', nullable: true }) departmentKind!: DepartmentKind | null;
  @Property({ type: 'integer', nullable: true }) limitAmount!: number | null;
  @Property({ type: 'text', nullable: true }) limitUnit!: TimeUnit | null;
  @Property({ type: 'integer' }) sortOrder!: number;
  /** When it was retired (no new case under it), or null. */
  @Property({ type: 'timestamptz', nullable: true }) retiredAt: Date | null = null;
  /** Sub-classes: dispatch its cases by themselves when filed. */
  @Property({ type: 'boolean' }) autoDispatch = false;
}
