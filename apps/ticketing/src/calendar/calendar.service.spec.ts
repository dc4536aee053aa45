import { ErrorCode } from '@citygrid/contracts';
import { Role } from '@citygrid/contracts/identity';
import { CalendarDayKind, CalendarEvents, TimeUnit } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { EntityManager } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';

import { TicketingEnv } from '../config';
import { Holiday } from './holiday.entity';
import { CalendarService } from './calendar.service';

/** A Zhengzhou wall-clock time (UTC+8) as an instant. */
const local = (t: string): Date => new Date(`${t}+08:00`);
const iso = (t: string): string => local(t).toISOString();

function setup(env: Partial<TicketingEnv> = {}) {
  const db = new InMemoryDb();
  const sut = new CalendarService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, Object.assign(new TicketingEnv(), env));
  const em = db.orm.em.fork() as unknown as EntityManager;
  const deadline = async (from: string, amount: number, unit: TimeUnit): Promise<string> => (await sut.deadlineAfter(em, local(from), amount, unit)).toISOString();
  return { db, sut, deadline };
}

const cityOperator = testCaller({ roles: [Role.CityOperator], nodeScope: '410100' });

describe('CalendarService', () => {
  describe('deadlineAfter', () => {
    it('counts working hours inside the working periods only (08:30–12:00, 14:00–18:00)', async () => {
      const { deadline } = setup();
      await expect(deadline('2026-12-01T09:00:00', 2, TimeUnit.WorkingHours)).resolves.toBe(iso('2026-12-01T11:00:00'));
      // 11:00 + 4 h: one hour before the lunch break, three after it.
      await expect(deadline('2026-12-01T11:00:00', 4, TimeUnit.WorkingHours)).resolves.toBe(iso('2026-12-01T17:00:00'));
      // Reported at night: the clock starts with the next morning.
      await expect(deadline('2026-12-01T22:00:00', 1, TimeUnit.WorkingHours)).resolves.toBe(iso('2026-12-02T09:30:00'));
    });

    it('skips the weekend: 2 working days from Friday 17:00 end on Tuesday 17:00', async () => {
      const { deadline } = setup();
      await expect(deadline('2026-12-04T17:00:00', 2, TimeUnit.WorkingDays)).resolves.toBe(iso('2026-12-08T17:00:00'));
    });

    it('skips the days off of the holiday table and works its make-up days (调休)', async () => {
      const { db, deadline } = setup();
      db.insert(Holiday, { date: '2026-10-01', kind: CalendarDayKind.Holiday, name: '国庆节' }, { date: '2026-10-02', kind: CalendarDayKind.Holiday, name: '国庆节' });
      // Wednesday 17:00 + 1 working day: Wednesday 1 h, Thursday and Friday off, Monday 6.5 h.
      await expect(deadline('2026-09-30T17:00:00', 1, TimeUnit.WorkingDays)).resolves.toBe(iso('2026-10-05T17:00:00'));
      db.insert(Holiday, { date: '2026-10-03', kind: CalendarDayKind.Workday, name: '调休' });
      await expect(deadline('2026-09-30T17:00:00', 1, TimeUnit.WorkingDays)).resolves.toBe(iso('2026-10-03T17:00:00'));
    });

    it('with TEST_DEADLINE_SECONDS set, is that many wall-clock seconds after the start instead', async () => {
      const { db, deadline } = setup({ TEST_DEADLINE_SECONDS: 30 });
      db.insert(Holiday, { date: '2026-12-05', kind: CalendarDayKind.Holiday, name: 'x' });
      await expect(deadline('2026-12-05T23:00:00', 3, TimeUnit.WorkingDays)).resolves.toBe(iso('2026-12-05T23:00:30'));
    });
  });

  describe('set', () => {
    it('is for city-wide authority only: a district or subdistrict operator gets 403 and the table is unchanged', async () => {
      const { db, sut } = setup();
      for (const caller of [testCaller({ roles: [Role.DistrictOperator], nodeScope: '410102' }), testCaller({ roles: [Role.SubdistrictOperator], nodeScope: '410102005' })]) {
        await expect(sut.set(caller, { date: '2026-12-07', kind: CalendarDayKind.Holiday, name: 'x' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      }
      expect(db.rows(Holiday)).toEqual([]);
      expect(db.events).toEqual([]);
    });

    it('records calendar.changed with the previous setting of the day, and nothing when the day is already so', async () => {
      const { db, sut } = setup();
      await expect(sut.set(cityOperator, { date: '2026-12-07', kind: CalendarDayKind.Holiday, name: 'snow day' })).resolves.toEqual({ date: '2026-12-07', kind: 'holiday', name: 'snow day' });
      await sut.set(testCaller({ roles: [Role.SystemAdmin] }), { date: '2026-12-07', kind: CalendarDayKind.Workday, name: 'make-up day' });
      await sut.set(cityOperator, { date: '2026-12-07', kind: CalendarDayKind.Workday, name: 'make-up day' });
      expect(db.events.map((e) => [e.type, e.subject, e.data['previous']])).toEqual([
        [CalendarEvents.calendarChanged.type, '2026-12-07', null],
        [CalendarEvents.calendarChanged.type, '2026-12-07', { kind: 'holiday', name: 'snow day' }],
      ]);
      expect(db.rows(Holiday)).toMatchObject([{ date: '2026-12-07', kind: CalendarDayKind.Workday, name: 'make-up day' }]);
    });

    it('moves deadlines computed afterwards', async () => {
      const { sut, deadline } = setup();
      await expect(deadline('2026-12-04T17:00:00', 2, TimeUnit.WorkingDays)).resolves.toBe(iso('2026-12-08T17:00:00'));
      await sut.set(cityOperator, { date: '2026-12-07', kind: CalendarDayKind.Holiday, name: 'snow day' });
      await expect(deadline('2026-12-04T17:00:00', 2, TimeUnit.WorkingDays)).resolves.toBe(iso('2026-12-09T17:00:00'));
    });
  });

  it('lists the days of one year in date order', async () => {
    const { db, sut } = setup();
    db.insert(
      Holiday,
      { date: '2027-01-01', kind: CalendarDayKind.Holiday, name: '元旦' },
      { date: '2026-10-02', kind: CalendarDayKind.Holiday, name: '国庆节' },
      { date: '2026-10-01', kind: CalendarDayKind.Holiday, name: '国庆节' },
    );
    expect((await sut.list({ year: 2026 })).map((d) => d.date)).toEqual(['2026-10-01', '2026-10-02']);
    expect(await sut.list({})).toHaveLength(3);
  });
});
