import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The road graph walked over: one row (id 1) while one is imported, the GeoJSON as given. */
@Entity({ tableName: 'road_graph' })
export class RoadGraphRecord {
  @PrimaryKey({ type: 'smallint' }) id!: number;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'jsonb' }) lines!: [number, number][][];
  @Property({ type: 'int' }) features!: number;
  @Property({ type: 'int' }) vertices!: number;
  @Property({ type: 'int' }) edges!: number;
  @Property({ type: 'double' }) lengthMetres!: number;
  @Property({ type: 'timestamptz' }) importedAt!: Date;
}

/** The latest computed coverage of a level-3 grid (what the last `coverageComputed` event of it said). */
@Entity({ tableName: 'grid_coverage' })
export class GridCoverageRecord {
  @PrimaryKey({ type: 'text' }) gridCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'int' }) households!: number;
  @Property({ type: 'int' }) covered!: number;
  @Property({ type: 'double' }) limitMinutes!: number;
  @Property({ type: 'text' }) method!: 'graph' | 'straight_line';
  @Property({ type: 'timestamptz' }) computedAt!: Date;
}
