import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Encryption context of visit notes. */
export const VISIT_NOTES_CONTEXT = 'health.visit.notes';

/** A resident on the home-visit follow-up list (one per resident). */
@Entity({ tableName: 'follow_up' })
export class FollowUp {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid', unique: true }) residentId!: string;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'text[]' }) conditions!: string[];
  @Property({ type: 'int' }) intervalDays!: number;
  @Property({ type: 'boolean' }) active!: boolean;
  @Property({ type: 'date', nullable: true }) lastVisitOn!: string | null;
  /** The date the next visit is due: the enrolment day before the first visit, then the last visit + the interval. */
  @Property({ type: 'date' }) nextDueOn!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A home visit; the notes are stored encrypted. */
@Entity({ tableName: 'visit' })
export class Visit {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) followUpId!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'text' }) doctor!: string;
  @Property({ type: 'text', nullable: true }) notes!: string | null;
  @Property({ type: 'text' }) loggedBy!: string;
  @Property({ type: 'text' }) loggedById!: string;
  @Property({ type: 'timestamptz' }) loggedAt!: Date;
}
