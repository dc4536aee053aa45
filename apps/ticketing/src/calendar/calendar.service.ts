import { assertAllowed } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { CalendarDayKind, CalendarEvents, type HolidayView, type ListHolidaysQuery, type SetHolidayDto, type TimeUnit } from '@citygrid/contracts/ticketing';
import { EventRecorder } from '@citygrid/persistence';
import { type EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import { actorOf } from '../shared/actor';
import { managesReferenceData } from '../shared/authorization';
import { Holiday } from './holiday.entity';
import { addWorkingTime, parseWorkHours, type WorkingCalendar, type WorkPeriod, workingMsBetween } from './working-calendar';

/** The working calendar: periods and time zone from the environment, days off from the `holiday` table. */
@Injectable()
export class CalendarService {
  private readonly periods: WorkPeriod[];

  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
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

  /**
   * The moment `amount` working `unit`s after `from` on the calendar. With `TEST_DEADLINE_SECONDS`
   * (tests and drills only) it is that many wall-clock seconds after `from` instead, so that no
   * code of the lifecycle itself knows about tests.
   */
  /** Working time from `from` to `to` on the calendar, ms (wall-clock ms with `TEST_DEADLINE_SECONDS`, as deadlines then are). */
  async workingMsBetween(tx: EntityManager, from: Date, to: Date): Promise<number> {
    if (this.env.TEST_DEADLINE_SECONDS > 0) return Math.max(0, to.getTime() - from.getTime());
    return workingMsBetween(from, to, await this.load(tx));
  }

  async deadlineAfter(tx: EntityManager, from: Date, amount: number, unit: TimeUnit): Promise<Date> {
    if (this.env.TEST_DEADLINE_SECONDS > 0) return new Date(from.getTime() + this.env.TEST_DEADLINE_SECONDS * 1000);
    return addWorkingTime(from, amount, unit, await this.load(tx));
  }

  async list(q: ListHolidaysQuery): Promise<HolidayView[]> {
    const where = q.year ? { date: { $like: `${q.year}-%` } } : {};
    const rows = await this.orm.em.fork().find(Holiday, where, { orderBy: { date: 'asc' } });
    return rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name }));
  }

  /** Set (or replace) one day, with its event; a no-op when the day is already so. City-wide authority only. */
  async set(caller: Caller, dto: SetHolidayDto): Promise<HolidayView> {
    assertAllowed(managesReferenceData(caller), 'Only city operators and the system administrator set the working calendar: it applies to the whole city.');
    // Two first settings of the same day race on its primary key: the loser retries as an update.
    await retryOnUniqueViolation(() =>
      this.orm.em.fork().transactional(async (tx) => {
        const existing = await tx.findOne(Holiday, { date: dto.date }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const previous = existing ? { kind: existing.kind, name: existing.name } : null;
        if (previous?.kind === dto.kind && previous.name === dto.name) return;
        if (existing) Object.assign(existing, { kind: dto.kind, name: dto.name });
        else tx.persist(Object.assign(new Holiday(), { date: dto.date, kind: dto.kind, name: dto.name }));
        this.events.record(
          tx,
          CalendarEvents.calendarChanged,
          dto.date,
          { date: dto.date, kind: dto.kind, name: dto.name, previous, actor: actorOf(caller) },
          previous && { date: dto.date, ...previous },
        );
      }),
    );
    return { date: dto.date, kind: dto.kind, name: dto.name };
  }
}

async function retryOnUniqueViolation<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return fn();
    throw err;
  }
}
