import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An account as identity's events describe it: what recipients are chosen by. */
@Entity({ tableName: 'account' })
export class AccountRecord {
  @PrimaryKey({ type: 'text' }) id!: string;
  @Property({ type: 'text[]' }) roles!: string[];
  @Property({ type: 'text', nullable: true }) nodeScope!: string | null;
  @Property({ type: 'text', nullable: true }) departmentCode!: string | null;
  @Property({ type: 'boolean' }) disabled!: boolean;
  /** Time of the event it is as of (a later one wins, whatever the order they come in). */
  @Property({ type: 'timestamptz' }) changedAt!: Date;
}

/** Where a case is and who has worked on it, from ticketing's case events. */
@Entity({ tableName: 'case_ref' })
export class CaseRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) number!: string;
  @Property({ type: 'text' }) categoryCode!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'smallint' }) level!: number;
  @Property({ type: 'text' }) state!: string;
  @Property({ type: 'text', nullable: true }) dispatchTarget!: string | null;
  @Property({ type: 'text', nullable: true }) departmentCode!: string | null;
  /** Account that last dispatched it. */
  @Property({ type: 'text', nullable: true }) dispatchedBy!: string | null;
  /** Account that accepted it since its last dispatch. */
  @Property({ type: 'text', nullable: true }) acceptedBy!: string | null;
  /** Account that last reported its handling. */
  @Property({ type: 'text', nullable: true }) handledBy!: string | null;
  @Property({ type: 'timestamptz', nullable: true }) deadline!: Date | null;
  /** The case version of the latest event applied. */
  @Property({ type: 'integer' }) version!: number;
}

/** A node of the grid tree, from grid-registry's grid events. */
@Entity({ tableName: 'grid' })
export class GridRef {
  @PrimaryKey({ type: 'text' }) code!: string;
  @Property({ type: 'text[]' }) path!: string[];
  @Property({ type: 'smallint', nullable: true }) gridLevel!: number | null;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'boolean' }) retired!: boolean;
}

/** A level-3 grid patrolled on a day of the working time zone. */
@Entity({ tableName: 'patrol_day' })
export class PatrolDay {
  @PrimaryKey({ type: 'text' }) gridCode!: string;
  @PrimaryKey({ type: 'date' }) day!: string;
}

/** A day the working calendar sets apart: a holiday, or a make-up working day. */
@Entity({ tableName: 'calendar_day' })
export class CalendarDay {
  @PrimaryKey({ type: 'date' }) day!: string;
  @Property({ type: 'text' }) kind!: 'holiday' | 'workday';
}

/** A category's name, for the text of a notification. */
@Entity({ tableName: 'category' })
export class CategoryName {
  @PrimaryKey({ type: 'text' }) code!: string;
  @Property({ type: 'text' }) name!: string;
}
