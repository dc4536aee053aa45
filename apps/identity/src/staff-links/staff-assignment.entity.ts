import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * identity's own record of a grid-registry staff assignment, kept from the staff events for staff
 * members linked to an account, so that an unassignment can fall back to the newest remaining
 * assignment. An ended one stays (with `endedAt`), so that an assignment event arriving after its
 * unassignment (replayed from the dead letters, say) is known to be over.
 */
@Entity({ tableName: 'staff_assignment' })
export class StaffAssignmentRecord {
  /** grid-registry's assignment id. */
  @PrimaryKey({ type: 'uuid' }) assignmentId!: string;
  @Property({ type: 'uuid' }) staffId!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  /** Codes from the root to the node. */
  @Property({ type: 'text[]' }) nodePath!: string[];
  @Property({ type: 'text' }) role!: string;
  /** When grid-registry made it (its event's time); null when only its end is known. */
  @Property({ type: 'timestamptz', nullable: true }) assignedAt!: Date | null;
  /** When it ended (its unassignment event's time), or null while it lasts. */
  @Property({ type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}
