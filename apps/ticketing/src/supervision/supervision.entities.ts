import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { FindingDto } from '@citygrid/contracts/ticketing';

/** A grid inspection 督查 with its findings. */
@Entity({ tableName: 'inspection' })
export class Inspection {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) gridCode!: string;
  @Property({ type: 'text[]' }) gridPath!: string[];
  @Property({ type: 'timestamptz' }) inspectedAt!: Date;
  @Property({ type: 'jsonb' }) findings!: FindingDto[];
  @Property({ type: 'text' }) inspector!: string;
  @Property({ type: 'text' }) inspectorId!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
