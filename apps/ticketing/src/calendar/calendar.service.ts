import { assertAllowed } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { CalendarDayKind, type HolidayView, type ListHolidaysQuery, type SetHolidayDto } from '@citygrid/contracts/ticketing';
import type { EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import { managesReferenceData } from '../shared/authorization';
import { Holiday } from '../shared/entities';
import { parseWorkHours, type WorkingCalendar, type WorkPeriod } from './working-calendar';

/** The working calendar: periods and time zone from the environment, days off from the `holiday` table. */
@Injectable()
export class CalendarService {
  private readonly periods: WorkPeriod[];

  constructor(
    private readonly orm: MikroORM,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {
    this.periods = parseWorkHours(env.WORK_HOURS);
  }

  /** The calendar as of now (the table is small: a few dozen rows a year). */
  async load(em: EntityManager): Promise<WorkingCalendar> {
    const rows = await em.find(Holiday, {});
    return {
      timeZone: this.env.WORK_TIME_ZONE,
      periods: this.periods,
      holidays: new Set(rows.filter((r) => r.kind === CalendarDayKind.Holiday).map((r) => r.date)),
      workdays: new Set(rows.filter((r) => r.kind === CalendarDayKind.Workday).map((r) => r.date)),
    };
  }

  async list(q: ListHolidaysQuery): Promise<HolidayView[]> {
    const where = q.year ? { date: { $like: `${q.year}-%` } } : {};
    const rows = await this.orm.em.fork().find(Holiday, where, { orderBy: { date: 'asc' } });
    return rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name }));
  }

  /** Set (or replace) one day. Operators of subdistrict level and above, and the system admin. */
  async set(caller: Caller, dto: SetHolidayDto): Promise<HolidayView> {
    assertAllowed(managesReferenceData(caller), 'Only operators of subdistrict level and above set the calendar.');
    const em = this.orm.em.fork();
    await em.getConnection().execute(
      `insert into "${this.env.DATABASE_SCHEMA}"."holiday" ("date", "kind", "name") values (?, ?, ?) on conflict ("date") do update set "kind" = excluded."kind", "name" = excluded."name"`,
      [dto.date, dto.kind, dto.name],
    );
    return { date: dto.date, kind: dto.kind, name: dto.name };
  }
}
