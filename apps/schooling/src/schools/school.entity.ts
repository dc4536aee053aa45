import type { SchoolKind } from '@citygrid/contracts/schooling';
import type { Boundary } from '@citygrid/geo';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A school with its catchment (学区), kept with the catchment's bounding box for lookups. */
@Entity({ tableName: 'school' })
export class School {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: SchoolKind;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text' }) address!: string;
  @Property({ type: 'double' }) lng!: number;
  @Property({ type: 'double' }) lat!: number;
  @Property({ type: 'integer', nullable: true }) capacityPerGrade!: number | null;
  @Property({ type: 'json' }) catchment!: Boundary;
  @Property({ type: 'double' }) minLng!: number;
  @Property({ type: 'double' }) minLat!: number;
  @Property({ type: 'double' }) maxLng!: number;
  @Property({ type: 'double' }) maxLat!: number;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
