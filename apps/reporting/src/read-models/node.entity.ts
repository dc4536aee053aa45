import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A node of the five-level tree as reporting knows it: named by grid-registry's grid events, or
 * known only from the path of a case, patrol or visit (then `name` and `kind` are null).
 */
@Entity({ tableName: 'node' })
export class NodeRecord {
  @PrimaryKey({ type: 'text' }) code!: string;
  @Property({ type: 'text', nullable: true }) parentCode!: string | null;
  /** Codes from the city down to the node. */
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text', nullable: true }) name!: string | null;
  @Property({ type: 'text', nullable: true }) nameEn!: string | null;
  /** `city`, `district`, `subdistrict`, `community` or `grid`; null when known only from a path. */
  @Property({ type: 'text', nullable: true }) kind!: string | null;
  @Property({ type: 'smallint', nullable: true }) gridLevel!: number | null;
  /** When grid-registry created it (its event's time); null when known only from a path. */
  @Property({ type: 'timestamptz', nullable: true }) createdAt!: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
  /** grid-registry's version of the node after the last event applied. */
  @Property({ type: 'integer', nullable: true }) version!: number | null;
}
