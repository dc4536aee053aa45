import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { CalendarDayKind } from '@citygrid/contracts/ticketing';

/** A day off, or a make-up working day (调休). */
@Entity({ tableName: 'holiday' })
export class Holiday {
  /** Local date `YYYY-MM-DD`. */
  @PrimaryKey({ type: 'text' }) date!: string;
  @Property({ type: 'text' }) kind!: CalendarDayKind;
  @Property({ type: 'text' }) name!: string;
}
