import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { StandupDecisionDto } from '@citygrid/contracts/ticketing';

/** A daily stand-up 日碰头 of a node, with one decision per case discussed. */
@Entity({ tableName: 'standup' })
export class Standup {
  [OptionalProps]?: 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) nodePath!: string[];
  @Property({ type: 'text' }) day!: string;
  /** When it was held: the next agenda's `new` section starts here. */
  @Property({ type: 'timestamptz' }) heldAt!: Date;
  @Property({ type: 'jsonb' }) attendees!: string[];
  @Property({ type: 'jsonb' }) decisions!: StandupDecisionDto[];
  @Property({ type: 'text', nullable: true }) notes!: string | null;
  @Property({ type: 'text' }) recordedBy!: string;
  @Property({ type: 'text' }) recordedById!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
