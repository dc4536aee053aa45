import type { PlacementKind, PlacementStatus, SeekerCategory } from '@citygrid/contracts/employment';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A placement 新增就业, with the seeker's node and categories as they were when it was recorded. */
@Entity({ tableName: 'placement' })
export class Placement {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) seekerId!: string;
  @Property({ type: 'text' }) kind!: PlacementKind;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'uuid', nullable: true }) employerId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) postingId: string | null = null;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text[]' }) categories!: SeekerCategory[];
  @Property({ type: 'text' }) status!: PlacementStatus;
  @Property({ type: 'text', nullable: true }) cancelReason: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) cancelledAt: Date | null = null;
  @Property({ type: 'text' }) by!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

/** A follow-up of a placement 跟踪回访. */
@Entity({ tableName: 'follow_up' })
export class FollowUp {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) placementId!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'boolean' }) stillEmployed!: boolean;
  @Property({ type: 'text', nullable: true }) notes: string | null = null;
  @Property({ type: 'text' }) by!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
