import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A work package 分包: one leader's and work group's households (一户包到底). */
@Entity({ tableName: 'work_package' })
export class WorkPackage {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'text' }) leader!: string;
  @Property({ type: 'text' }) group!: string;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}
