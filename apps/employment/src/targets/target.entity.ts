import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A node's yearly target of new urban jobs 新增就业目标. */
@Entity({ tableName: 'target' })
export class Target {
  @PrimaryKey({ type: 'text' }) nodeCode!: string;
  @PrimaryKey({ type: 'int' }) year!: number;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'int' }) target!: number;
  @Property({ type: 'text' }) by!: string;
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}
