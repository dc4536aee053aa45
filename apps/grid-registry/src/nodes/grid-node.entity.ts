import { NodeKind, NodeStatus } from '@citygrid/contracts/grid-registry';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

import type { Boundary } from '@citygrid/geo';

/** A node of the five-level tree; grids carry their level. */
@Entity({ tableName: 'grid_node' })
export class GridNode {
  [OptionalProps]?: 'status' | 'version' | 'createdAt' | 'updatedAt' | 'retiredReason' | 'nameEn';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) @Unique() code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) nameEn: string | null = null;
  @Property({ type: 'text' }) kind!: NodeKind;
  @Property({ type: 'smallint', nullable: true }) gridLevel!: 1 | 2 | 3 | null;
  @Property({ type: 'uuid', nullable: true }) @Index() parentId!: string | null;
  @Property({ type: 'text', nullable: true }) parentCode!: string | null;
  @Property({ type: 'smallint' }) depth!: number;
  /** Codes from the root down to this node. */
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text' }) status: NodeStatus = NodeStatus.Active;
  @Property({ type: 'jsonb' }) boundary!: Boundary;
  @Property({ type: 'double' }) minLng!: number;
  @Property({ type: 'double' }) minLat!: number;
  @Property({ type: 'double' }) maxLng!: number;
  @Property({ type: 'double' }) maxLat!: number;
  @Property({ type: 'text', nullable: true }) retiredReason: string | null = null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'integer', version: true }) version!: number;
}
