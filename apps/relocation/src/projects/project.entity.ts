import type { BoundaryDto } from '@citygrid/contracts/grid-registry';
import type { HouseholdState, ProjectStatus } from '@citygrid/contracts/relocation';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A relocation project 征拆项目 with its red line 红线. */
@Entity({ tableName: 'project' })
export class RelocationProject {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'jsonb' }) redLine!: BoundaryDto;
  /** Every node on the paths of the grids holding a place inside the red line (who else sees the project). */
  @Property({ type: 'text[]' }) reach!: string[];
  @Property({ type: 'date' }) startDate!: string;
  @Property({ type: 'text' }) status!: ProjectStatus;
  @Property({ type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A unit, building or household inside a red line: a snapshot of a grid-registry place, with a household's workflow. */
@Entity({ tableName: 'project_place' })
export class ProjectPlace {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) placeId!: string;
  @Property({ type: 'text' }) kind!: 'unit' | 'building' | 'household';
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) gridCode!: string;
  @Property({ type: 'double' }) lng!: number;
  @Property({ type: 'double' }) lat!: number;
  @Property({ type: 'boolean' }) inside!: boolean;
  @Property({ type: 'text', nullable: true }) state!: HouseholdState | null;
  @Property({ type: 'uuid', nullable: true }) packageId!: string | null;
  @Property({ type: 'boolean' }) holdout!: boolean;
  @Property({ type: 'text[]' }) holdoutReasons!: string[];
  @Property({ type: 'timestamptz', nullable: true }) lastVisitAt!: Date | null;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** One step of a household's status, with when it happened (may be backdated) and when it was recorded. */
@Entity({ tableName: 'household_step' })
export class HouseholdStep {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) householdId!: string;
  @Property({ type: 'text' }) state!: HouseholdState;
  @Property({ type: 'timestamptz' }) at!: Date;
  @Property({ type: 'text', nullable: true }) note!: string | null;
  @Property({ type: 'text' }) by!: string;
  @Property({ type: 'timestamptz' }) recordedAt!: Date;
}
