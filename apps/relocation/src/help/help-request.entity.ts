import type { HelpState } from '@citygrid/contracts/relocation';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A help request for a moving household: schooling (kept by the schooling service) or rental help (kept here). */
@Entity({ tableName: 'help_request' })
export class HelpRequest {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) householdId!: string;
  @Property({ type: 'text' }) kind!: 'schooling' | 'rental';
  @Property({ type: 'text' }) state!: HelpState;
  @Property({ type: 'uuid', nullable: true }) schoolingRequestId!: string | null;
  @Property({ type: 'text', nullable: true }) note!: string | null;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
