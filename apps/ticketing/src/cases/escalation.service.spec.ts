import { Subjects } from '@citygrid/messaging';
import { FieldCipher } from '@citygrid/pii';
import { CaseState, DispatchTarget, TicketingEvents, TimeUnit } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { clockAt, InMemoryDb } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';

import { aCase, CATEGORIES } from '../../test/fixtures';
import { CalendarService } from '../calendar/calendar.service';
import { CategoriesService } from '../categories/categories.service';
import { TicketingEnv } from '../config';
import { SupervisionFlag } from '../shared/supervision-flag.entity';
import { Case } from './case.entity';
import { Category } from '../categories/category.entity';
import type { RegistryClient } from '../shared/registry-client';
import type { IntakeWriter } from './intake-writer';
import { CasesService } from './cases.service';
import { EscalationService } from './escalation.service';

/** Tuesday 2026-12-08, 10:00 in Zhengzhou. */
const NOW = '2026-12-08T02:00:00.000Z';
const AN_HOUR_AGO = new Date('2026-12-08T01:00:00.000Z');

function setup() {
  const db = new InMemoryDb();
  // A sub-class of 4 working hours, so the restarted clock ends the same afternoon.
  db.insert(Category, ...CATEGORIES.map((c) => (c.leaf ? { ...c, limitAmount: 4, limitUnit: TimeUnit.WorkingHours } : c)));
  const env = new TicketingEnv();
  const orm = db.orm as unknown as MikroORM;
  const events = db.recorder as unknown as EventRecorder;
  const cases = new CasesService(
    orm,
    events,
    new CategoriesService(orm, events, {} as NatsConnection, new Subjects({})),
    new CalendarService(orm, events, env),
    {} as RegistryClient,
    {} as IntakeWriter,
    FieldCipher.fromEnv({}),
    env,
  );
  const sut = new EscalationService(orm, cases, env);
  const add = (over: Partial<Case> = {}): Case => db.insert(Case, aCase({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.GridStaff, deadline: AN_HOUR_AGO, ...over }))[0]!;
  return { db, sut, add };
}

beforeEach(() => clockAt(NOW));
afterEach(() => jest.useRealTimers());

describe('EscalationService.scanOnce', () => {
  it('moves every overdue case on the clock one tier up, restarts its clock there and records case.escalated by the system', async () => {
    const { db, sut, add } = setup();
    const dispatched = add();
    const accepted = add({ state: CaseState.Accepted, level: 3 });
    const returned = add({ state: CaseState.Returned, level: 2 });
    await expect(sut.scanOnce()).resolves.toBe(3);
    // grid → community, community → subdistrict, subdistrict → district
    expect([dispatched.level, accepted.level, returned.level]).toEqual([3, 2, 1]);
    // Tuesday 10:00 plus the 4 working hours of the sub-class.
    for (const c of [dispatched, accepted, returned]) expect(c).toMatchObject({ escalationCount: 1, deadline: new Date('2026-12-08T08:00:00.000Z') });
    expect(db.eventsOf(TicketingEvents.caseEscalated.type).find((e) => e.subject === dispatched.id)).toMatchObject({
      data: { action: 'escalate-overdue', actor: { id: 'ticketing', kind: 'system', roles: [] }, reason: 'overdue', levelBefore: 5, level: 3, stateBefore: 'dispatched', stateAfter: 'dispatched' },
    });
  });

  it('leaves cases off the clock, not yet due, or already alerted at the city', async () => {
    const { db, sut, add } = setup();
    const untouched = [
      add({ state: CaseState.Filed, dispatchTarget: null }),
      add({ state: CaseState.Handled }),
      add({ state: CaseState.Suspended, deadline: null }),
      add({ state: CaseState.Closed }),
      add({ deadline: new Date('2026-12-08T03:00:00.000Z') }),
      add({ level: 0, cityAlertedAt: new Date('2026-12-07T02:00:00.000Z') }),
    ];
    await expect(sut.scanOnce()).resolves.toBe(0);
    for (const c of untouched) expect(c.escalationCount).toBe(0);
    expect(db.events).toEqual([]);
  });

  it('alerts the city once for a case out of time at the city level: a supervision flag with a new clock, no escalation', async () => {
    const { db, sut, add } = setup();
    const c = add({ level: 0, escalationCount: 4 });
    await expect(sut.scanOnce()).resolves.toBe(1);
    expect(c).toMatchObject({ level: 0, escalationCount: 4, cityAlertedAt: new Date(NOW), deadline: new Date('2026-12-08T08:00:00.000Z') });
    expect(db.rows(SupervisionFlag)).toEqual([expect.objectContaining({ caseId: c.id, flaggedById: 'system', deadline: new Date('2026-12-08T08:00:00.000Z') })]);
    expect(db.eventsOf(TicketingEvents.caseCityAlerted.type)).toEqual([expect.objectContaining({ subject: c.id, data: expect.objectContaining({ action: 'city-alert', level: 0 }) })]);
    expect(db.eventsOf(TicketingEvents.caseEscalated.type)).toEqual([]);
    // its new deadline lapses too: no second alert
    jest.setSystemTime(new Date('2026-12-08T08:00:01.000Z'));
    await expect(sut.scanOnce()).resolves.toBe(0);
    expect(db.eventsOf(TicketingEvents.caseCityAlerted.type)).toHaveLength(1);
  });

  it('never escalates twice for one lapse: the next scan finds the new deadline ahead, and only its lapse escalates again', async () => {
    const { db, sut, add } = setup();
    const c = add();
    await sut.scanOnce();
    await expect(sut.scanOnce()).resolves.toBe(0);
    expect(c).toMatchObject({ level: 3, escalationCount: 1 });
    jest.setSystemTime(new Date('2026-12-08T08:00:01.000Z'));
    await expect(sut.scanOnce()).resolves.toBe(1);
    expect(c).toMatchObject({ level: 2, escalationCount: 2 });
    expect(db.eventsOf(TicketingEvents.caseEscalated.type).map((e) => e.data['level'])).toEqual([3, 2]);
  });

  it('takes at most 50 cases a scan, the longest overdue first', async () => {
    const { sut, add } = setup();
    const cases = Array.from({ length: 51 }, (_, i) => add({ deadline: new Date(AN_HOUR_AGO.getTime() - i * 60_000) }));
    await expect(sut.scanOnce()).resolves.toBe(50);
    expect(cases.filter((c) => c.escalationCount === 0)).toEqual([cases[0]]);
    await expect(sut.scanOnce()).resolves.toBe(1);
  });
});
