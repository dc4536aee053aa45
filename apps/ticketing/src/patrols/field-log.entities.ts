import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A patrol 巡查 of a level-3 grid. */
@Entity({ tableName: 'patrol' })
export class Patrol {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Account that logged it (the verified caller). */
  @Property({ type: 'text' }) accountId!: string;
  @Property({ type: 'uuid', nullable: true }) staffId!: string | null;
  @Property({ type: 'text' }) staffName!: string;
  @Property({ type: 'text' }) gridCode!: string;
  /** Codes from the city down to the grid: scope checks and subtree filters. */
  @Property({ type: 'text[]' }) gridPath!: string[];
  /** City day (`YYYY-MM-DD`) the patrol started on (coverage also counts the days it ran into). */
  @Property({ type: 'text' }) day!: string;
  @Property({ type: 'timestamptz' }) startedAt!: Date;
  @Property({ type: 'timestamptz' }) endedAt!: Date;
  @Property({ type: 'jsonb', nullable: true }) track!: { type: 'LineString'; coordinates: number[][] } | null;
  @Property({ type: 'text', nullable: true }) notes!: string | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

/** A visit 走访 to a household or key location. */
@Entity({ tableName: 'visit' })
export class Visit {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) accountId!: string;
  @Property({ type: 'uuid', nullable: true }) staffId!: string | null;
  @Property({ type: 'text' }) staffName!: string;
  @Property({ type: 'text' }) gridCode!: string;
  @Property({ type: 'text[]' }) gridPath!: string[];
  @Property({ type: 'uuid' }) placeId!: string;
  @Property({ type: 'text' }) placeKind!: string;
  @Property({ type: 'text' }) day!: string;
  @Property({ type: 'timestamptz' }) visitedAt!: Date;
  @Property({ type: 'text', nullable: true }) notes!: string | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
