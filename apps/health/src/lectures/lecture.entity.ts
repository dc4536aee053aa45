import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A health lecture 健康知识讲座 held by a station for a node. */
@Entity({ tableName: 'lecture' })
export class Lecture {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) stationId!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'text' }) topic!: string;
  @Property({ type: 'text' }) speaker!: string;
  @Property({ type: 'int' }) attendance!: number;
  @Property({ type: 'uuid[]' }) attendeeResidentIds!: string[];
  @Property({ type: 'text' }) createdById!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
