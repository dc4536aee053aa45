import { PlaceKind } from '@citygrid/contracts/grid-registry';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A household, unit or key location, resolved to the level-3 grid it lies in. */
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
