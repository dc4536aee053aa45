import { DepartmentKind } from '@citygrid/contracts/grid-registry';
import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A linked department (下沉单位) and the nodes it serves. */
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
