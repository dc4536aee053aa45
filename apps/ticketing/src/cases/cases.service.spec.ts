import { Subjects } from '@citygrid/messaging';
import { FieldCipher } from '@citygrid/pii';
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { DepartmentKind, GridRegistryRpc, type DepartmentView } from '@citygrid/contracts/grid-registry';
import { Role } from '@citygrid/contracts/identity';
import { CalendarDayKind, CaseState, DispatchTarget, MAX_PHOTO_BYTES, TicketingEvents, TimeUnit } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { clockAt, fakeRpc, InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';

import { aCase, CATEGORIES, GRID_PATH as PATH, NEIGHBOUR_PATH } from '../../test/fixtures';
import { CalendarService } from '../calendar/calendar.service';
import { CategoriesService } from '../categories/categories.service';
import { TicketingEnv } from '../config';
import { Case } from './case.entity';
import { Category } from '../categories/category.entity';
import { Holiday } from '../calendar/holiday.entity';
import type { GridIndex } from '../shared/grid-index';
import { RegistryClient } from '../shared/registry-client';
import { SupervisionFlag } from '../shared/supervision-flag.entity';
import type { IntakeWriter } from './intake-writer';
import { CasesService } from './cases.service';

/** Friday 2026-12-04, 17:00 in Zhengzhou: one working hour left in the week. */
const FRIDAY_5PM = '2026-12-04T09:00:00.000Z';

const admin = testCaller({ roles: [Role.SystemAdmin] });
const community = testCaller({ roles: [Role.CommunityOperator], nodeScope: '410102005001' });
const neighbour = testCaller({ roles: [Role.CommunityOperator], nodeScope: '410102005002' });
const subdistrict = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: '410102005' });
const member = testCaller({ roles: [Role.GridMember], nodeScope: PATH[5] });
const police = testCaller({ roles: [Role.DepartmentOfficer], nodeScope: '410102005', departmentCode: 'lsz-police' });
const cityManagement = testCaller({ roles: [Role.DepartmentOfficer], nodeScope: '410102005', departmentCode: 'lsz-cm' });
const supervisor = testCaller({ roles: [Role.Supervisor], nodeScope: '410102005' });
const unscoped = testCaller({ roles: [Role.Auditor] });

const DEPARTMENTS: Record<string, Partial<DepartmentView>> = {
  'lsz-police': { code: 'lsz-police', kind: DepartmentKind.Police, servesNodeCodes: ['410102005'] },
  'erqi-police': { code: 'erqi-police', kind: DepartmentKind.Police, servesNodeCodes: ['410103001'] },
  'lsz-cm': { code: 'lsz-cm', kind: DepartmentKind.CityManagement, servesNodeCodes: ['410102005'] },
  'lsz-cm-community': { code: 'lsz-cm-community', kind: DepartmentKind.CityManagement, servesNodeCodes: ['410102005001'] },
};

function setup(env: Partial<TicketingEnv> = {}) {
  const db = new InMemoryDb();
  db.insert(Category, ...CATEGORIES);
  const config = Object.assign(new TicketingEnv(), env);
  const orm = db.orm as unknown as MikroORM;
  const events = db.recorder as unknown as EventRecorder;
  const rpc = fakeRpc({
    [GridRegistryRpc.departmentList]: () => ({ items: Object.values(DEPARTMENTS) as DepartmentView[], total: Object.keys(DEPARTMENTS).length, offset: 0, limit: 500 }),
    [GridRegistryRpc.departmentByCode]: ({ code }) => {
      const d = DEPARTMENTS[code];
      if (!d) throw new ServiceError(ErrorCode.NotFound, `Department ${code} does not exist.`);
      return d as DepartmentView;
    },
  });
  const sut = new CasesService(
    orm,
    events,
    new CategoriesService(orm, events, {} as NatsConnection, new Subjects({})),
    new CalendarService(orm, events, config),
    new RegistryClient(rpc.client, {} as GridIndex),
    {} as IntakeWriter,
    FieldCipher.fromEnv({}),
    config,
  );
  const add = (over: Partial<Case> = {}): Case => db.insert(Case, aCase(over))[0]!;
  const categories = new CategoriesService(orm, events, {} as NatsConnection, new Subjects({}));
  return { db, sut, add, categories };
}

/** A case dispatched to the police with its deadline (Tuesday 17:00). */
const withPolice = (over: Partial<Case> = {}): Partial<Case> => ({
  state: CaseState.Dispatched,
  dispatchTarget: DispatchTarget.Department,
  departmentCode: 'lsz-police',
  deadline: new Date('2026-12-08T09:00:00.000Z'),
  ...over,
});

const forbidden = { code: ErrorCode.Forbidden };
const notFound = { code: ErrorCode.NotFound };
const conflict = (state: string) => expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringContaining(`case is in state ${state}`) });

beforeEach(() => clockAt(FRIDAY_5PM));
afterEach(() => jest.useRealTimers());

describe('CasesService', () => {
  describe('scope', () => {
    it('answers 404 for a case outside the caller’s subtree, exactly as for one that does not exist', async () => {
      const { sut, add } = setup();
      const c = add();
      await expect(sut.get(community, c.id)).resolves.toMatchObject({ id: c.id, state: CaseState.Reported });
      await expect(sut.get(neighbour, c.id)).rejects.toMatchObject(notFound);
      await expect(sut.get(unscoped, c.id)).rejects.toMatchObject(notFound);
      await expect(sut.get(community, randomUUID())).rejects.toMatchObject(notFound);
    });

    it('shows a department officer only the cases dispatched to the officer’s own department', async () => {
      const { sut, add } = setup();
      const mine = add(withPolice());
      const other = add(withPolice({ departmentCode: 'lsz-cm' }));
      const undispatched = add();
      await expect(sut.get(police, mine.id)).resolves.toMatchObject({ id: mine.id });
      await expect(sut.get(police, other.id)).rejects.toMatchObject(notFound);
      await expect(sut.get(police, undispatched.id)).rejects.toMatchObject(notFound);
      const page = await sut.list(police, {});
      expect(page.items.map((c) => c.id)).toEqual([mine.id]);
      expect(page.total).toBe(1);
    });

    it('lists only the caller’s subtree, narrowed by `under`; a caller without a node scope sees nothing', async () => {
      const { sut, add } = setup();
      const here = add();
      const there = add({ gridPath: [...NEIGHBOUR_PATH], gridCode: NEIGHBOUR_PATH[5]! });
      expect((await sut.list(community, {})).items.map((c) => c.id)).toEqual([here.id]);
      expect((await sut.list(subdistrict, {})).total).toBe(2);
      expect((await sut.list(subdistrict, { under: '410102005002' })).items.map((c) => c.id)).toEqual([there.id]);
      expect((await sut.list(community, { under: '410102005002' })).total).toBe(0);
      expect(await sut.list(unscoped, {})).toEqual({ items: [], total: 0, offset: 0, limit: 100 });
      expect((await sut.list(admin, {})).total).toBe(2);
    });

    it('lists as overdue only cases on the clock whose deadline has passed', async () => {
      const { sut, add } = setup();
      const late = add(withPolice({ deadline: new Date('2026-12-04T08:00:00.000Z') }));
      add(withPolice());
      add({ state: CaseState.Handled, deadline: new Date('2026-12-04T08:00:00.000Z') });
      expect((await sut.list(community, { overdue: 'true' })).items.map((c) => c.id)).toEqual([late.id]);
    });
  });

  describe('file and reject', () => {
    it('lets an operator in scope file a reported case, recording case.filed with the actor; the notes go to the audit trail, never into the event', async () => {
      const { sut, add, db } = setup();
      const c = add();
      await expect(sut.file(community, c.id, 'resident called twice')).resolves.toMatchObject({ state: CaseState.Filed });
      const [event] = db.events;
      expect(event).toMatchObject({
        type: TicketingEvents.caseFiled.type,
        subject: c.id,
        data: { id: c.id, action: 'file', stateBefore: CaseState.Reported, stateAfter: CaseState.Filed, actor: { id: community.id, kind: 'staff', roles: [Role.CommunityOperator] } },
        after: { notes: 'resident called twice' },
      });
      expect(event!.data).not.toHaveProperty('notes');
    });

    it('refuses filing to grid staff (403) and to an operator of another community (404), changing nothing', async () => {
      const { sut, add, db } = setup();
      const c = add();
      await expect(sut.file(member, c.id)).rejects.toMatchObject(forbidden);
      await expect(sut.file(neighbour, c.id)).rejects.toMatchObject(notFound);
      expect(c.state).toBe(CaseState.Reported);
      expect(db.events).toEqual([]);
    });

    it('refuses filing a case twice with a 409 naming its state', async () => {
      const { sut, add } = setup();
      const c = add({ state: CaseState.Filed });
      await expect(sut.file(community, c.id)).rejects.toEqual(conflict('filed'));
    });

    it('dispatches a case filed under a sub-class with auto-dispatch to the nearest department of its kind, by the system', async () => {
      const { sut, add, db } = setup();
      const cm05 = db.rows(Category).find((r) => r.code === 'CM05')!;
      Object.assign(cm05, { autoDispatch: true, departmentKind: DepartmentKind.CityManagement });
      const c = add();
      // the community's own city-management team serves the grid more closely than the subdistrict's
      await expect(sut.file(community, c.id)).resolves.toMatchObject({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.Department, departmentCode: 'lsz-cm-community' });
      expect(db.events.map((e) => [e.type, (e.data as { actor: { kind: string } }).actor.kind])).toEqual([
        [TicketingEvents.caseFiled.type, 'staff'],
        [TicketingEvents.caseDispatched.type, 'system'],
      ]);
      expect(c.deadline).not.toBeNull();
    });

    it('leaves a case filed when no department of its sub-class’s kind serves its grid, or when the sub-class has no auto-dispatch', async () => {
      const { sut, add, db } = setup();
      const cm05 = db.rows(Category).find((r) => r.code === 'CM05')!;
      Object.assign(cm05, { autoDispatch: true, departmentKind: DepartmentKind.MarketRegulation });
      await expect(sut.file(community, add().id)).resolves.toMatchObject({ state: CaseState.Filed });
      cm05.autoDispatch = false;
      await expect(sut.file(community, add().id)).resolves.toMatchObject({ state: CaseState.Filed });
      expect(db.events.map((e) => e.type)).toEqual([TicketingEvents.caseFiled.type, TicketingEvents.caseFiled.type]);
    });

    it('retires a class with every sub-class beneath it (an event each): no new case under them, and brings them back', async () => {
      const { db, categories } = setup();
      await expect(categories.update(admin, { code: 'CM', retired: true })).resolves.toMatchObject({ code: 'CM', retired: true });
      expect(db.events.map((e) => [e.subject, (e.data as { changed: string[]; retired: boolean }).changed, (e.data as { retired: boolean }).retired])).toEqual([
        ['CM', ['retired'], true],
        ['CM05', ['retired'], true],
      ]);
      await expect(categories.openLeaf('CM05')).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'categoryCode', reason: 'is retired' }] });
      // the cases filed under it keep it: deadlines and suggestions still read it
      await expect(categories.leaf('CM05')).resolves.toMatchObject({ code: 'CM05', retired: true });
      await categories.update(admin, { code: 'CM', retired: false });
      await expect(categories.openLeaf('CM05')).resolves.toMatchObject({ retired: false });
    });

    it('keeps auto-dispatch to sub-classes (422 on a class)', async () => {
      const { categories } = setup();
      await expect(categories.update(admin, { code: 'CM', autoDispatch: true })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'autoDispatch', reason: 'applies to sub-classes only' }],
      });
    });

    it('keeps the reason of a rejection on the case and in case.rejected', async () => {
      const { sut, add, db } = setup();
      const c = add();
      await expect(sut.reject(community, c.id, 'not a city matter')).resolves.toMatchObject({ state: CaseState.Rejected, reason: 'not a city matter' });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseRejected.type, data: { reason: 'not a city matter' } });
    });
  });

  describe('Open311 request lists', () => {
    it('shows anyone every case with nothing personal in it, and a caller only the cases in her scope, newest first', async () => {
      const { sut, add } = setup();
      add({ description: '门口有人堆放杂物，联系电话13812345678', address: '伏牛路88号院3号楼2单元', reporters: [{ name: '王芳' }], createdAt: new Date(Date.now() - 60_000) });
      const neighbours = add({ gridPath: NEIGHBOUR_PATH, gridCode: NEIGHBOUR_PATH[5] });
      const [newest, older] = await sut.requests(undefined, {});
      expect(newest?.id).toBe(neighbours.id);
      expect(older).toMatchObject({ description: '门口有人堆放杂物，联系电话138****5678', address: '', reporters: [], photos: [], handlingNotes: null });
      // an operator of the community sees hers, in full
      const mine = await sut.requests(community, {});
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ address: '伏牛路88号院3号楼2单元', reporters: [{ name: '王芳' }] });
    });
  });

  describe('dispatch', () => {
    it('sets the deadline from the sub-class limit on the working calendar: 2 working days from Friday 17:00 is Tuesday 17:00', async () => {
      const { sut, add, db } = setup();
      const c = add({ state: CaseState.Filed });
      const view = await sut.dispatch(community, { id: c.id, target: DispatchTarget.Department, departmentCode: 'lsz-police' });
      expect(view).toMatchObject({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.Department, departmentCode: 'lsz-police', deadline: '2026-12-08T09:00:00.000Z' });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseDispatched.type, data: { departmentCode: 'lsz-police', deadline: '2026-12-08T09:00:00.000Z', stateBefore: CaseState.Filed } });
    });

    it('skips holidays and counts make-up working days of the calendar table', async () => {
      const { sut, add, db } = setup();
      db.insert(Holiday, { date: '2026-12-07', kind: CalendarDayKind.Holiday, name: 'day off' });
      const overHoliday = add({ state: CaseState.Filed });
      await expect(sut.dispatch(community, { id: overHoliday.id, target: DispatchTarget.GridStaff })).resolves.toMatchObject({ deadline: '2026-12-09T09:00:00.000Z' });
      db.insert(Holiday, { date: '2026-12-05', kind: CalendarDayKind.Workday, name: 'make-up day' });
      const overMakeUpDay = add({ state: CaseState.Filed });
      // Friday 1 h + Saturday 7.5 h + Monday (a holiday) nothing + Tuesday 6.5 h.
      await expect(sut.dispatch(community, { id: overMakeUpDay.id, target: DispatchTarget.GridStaff })).resolves.toMatchObject({ deadline: '2026-12-08T09:00:00.000Z' });
    });

    it('takes a pending supervised deadline when it is earlier than the limit', async () => {
      const { sut, add, db } = setup();
      const c = add({ state: CaseState.Filed });
      db.insert(SupervisionFlag, {
        id: randomUUID(),
        caseId: c.id,
        gridCode: c.gridCode,
        gridPath: c.gridPath,
        deadline: new Date('2026-12-07T02:00:00.000Z'),
        caseDeadline: null,
        note: '督办',
        flaggedBy: 's',
        flaggedById: 's',
      });
      await expect(sut.dispatch(community, { id: c.id, target: DispatchTarget.GridStaff })).resolves.toMatchObject({ deadline: '2026-12-07T02:00:00.000Z' });
    });

    it('names departmentCode when a department dispatch lacks one or names a department that does not serve the grid, and leaves the case filed', async () => {
      const { sut, add, db } = setup();
      const c = add({ state: CaseState.Filed });
      await expect(sut.dispatch(community, { id: c.id, target: DispatchTarget.Department })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'departmentCode', reason: 'is required when target is department' }],
      });
      await expect(sut.dispatch(community, { id: c.id, target: DispatchTarget.Department, departmentCode: 'erqi-police' })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'departmentCode', reason: `department erqi-police does not serve grid ${PATH[5]}` }],
      });
      await expect(sut.dispatch(community, { id: c.id, target: DispatchTarget.Department, departmentCode: 'nobody' })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'departmentCode', reason: 'unknown department nobody' }],
      });
      expect(c).toMatchObject({ state: CaseState.Filed, deadline: null, departmentCode: null });
      expect(db.events).toEqual([]);
    });

    it('is the operators’: grid staff get 403; a case not yet filed gets 409; a returned one may be dispatched again', async () => {
      const { sut, add } = setup();
      await expect(sut.dispatch(member, { id: add({ state: CaseState.Filed }).id, target: DispatchTarget.GridStaff })).rejects.toMatchObject(forbidden);
      await expect(sut.dispatch(community, { id: add().id, target: DispatchTarget.GridStaff })).rejects.toEqual(conflict('reported'));
      const returned = add(withPolice({ state: CaseState.Returned, reason: 'not ours' }));
      await expect(sut.dispatch(community, { id: returned.id, target: DispatchTarget.GridStaff })).resolves.toMatchObject({
        state: CaseState.Dispatched,
        dispatchTarget: DispatchTarget.GridStaff,
        departmentCode: null,
        reason: null,
      });
    });
  });

  describe('accept, return and handle', () => {
    it('lets only the handler accept: the officer of the department it was sent to, not grid staff nor operators', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice());
      await expect(sut.accept(member, c.id)).rejects.toMatchObject(forbidden);
      await expect(sut.accept(community, c.id)).rejects.toMatchObject(forbidden);
      await expect(sut.accept(cityManagement, c.id)).rejects.toMatchObject(notFound);
      await expect(sut.accept(police, c.id, 'on our way')).resolves.toMatchObject({ state: CaseState.Accepted });
      expect(db.events.map((e) => e.type)).toEqual([TicketingEvents.caseAccepted.type]);
      expect(db.events[0]!.after).toMatchObject({ notes: 'on our way' });
    });

    it('makes the grid staff of the case’s grid its handlers when it is dispatched to grid staff', async () => {
      const { sut, add } = setup();
      const c = add({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.GridStaff });
      await expect(sut.accept(police, c.id)).rejects.toMatchObject(notFound);
      await expect(sut.accept(member, c.id)).resolves.toMatchObject({ state: CaseState.Accepted });
    });

    it('returns a dispatched case with its reason', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice());
      await expect(sut.returnCase(police, c.id, 'a matter for city management')).resolves.toMatchObject({ state: CaseState.Returned, reason: 'a matter for city management' });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseReturned.type, data: { reason: 'a matter for city management' } });
    });

    it('keeps the handling notes and adds the handling photos to the reported ones', async () => {
      const { sut, add } = setup();
      const c = add(withPolice({ state: CaseState.Accepted, photos: [{ url: 'https://img/before.jpg', contentType: 'image/jpeg', size: 1000, stage: 'report' }] }));
      const view = await sut.handle(police, { id: c.id, notes: 'bins emptied', photos: [{ url: 'https://img/after.jpg', contentType: 'image/jpeg', size: 2000 }] });
      expect(view).toMatchObject({ state: CaseState.Handled, handlingNotes: 'bins emptied' });
      expect(view.photos.map((p) => [p.url, p.stage])).toEqual([
        ['https://img/before.jpg', 'report'],
        ['https://img/after.jpg', 'handling'],
      ]);
    });

    it('refuses a photo over 5 MB with a 413 naming it, and handling a case not yet accepted with a 409', async () => {
      const { sut, add } = setup();
      const accepted = add(withPolice({ state: CaseState.Accepted }));
      // `handle` checks photos before it touches the case: the refusal is thrown at the call.
      await expect(async () =>
        sut.handle(police, {
          id: accepted.id,
          notes: 'done',
          photos: [
            { url: 'https://img/ok.jpg', contentType: 'image/jpeg', size: 10 },
            { url: 'https://img/big.jpg', contentType: 'image/jpeg', size: MAX_PHOTO_BYTES + 1 },
          ],
        }),
      ).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge, errors: [{ field: 'photos[1].size' }] });
      expect(accepted.state).toBe(CaseState.Accepted);
      await expect(sut.handle(police, { id: add(withPolice()).id, notes: 'done' })).rejects.toEqual(conflict('dispatched'));
    });
  });

  describe('verify and reopen', () => {
    it('closes a handled case when grid staff pass the verification: closing time set, deadline cleared, case.closed recorded', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice({ state: CaseState.Handled }));
      await expect(sut.verify(member, c.id, true)).resolves.toMatchObject({ state: CaseState.Closed, closedAt: FRIDAY_5PM, deadline: null });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseClosed.type, data: { stateBefore: CaseState.Handled, stateAfter: CaseState.Closed } });
    });

    it('gives the closed event the facts a consumer counts by: the deadline in force, on time or not, when reported and closed, the version', async () => {
      const { sut, add, db } = setup();
      const onTime = add(withPolice({ state: CaseState.Handled, version: 4, reworkCount: 1 }));
      await sut.verify(member, onTime.id, true);
      expect(db.events[0]!.data).toMatchObject({
        deadline: null,
        dueAt: '2026-12-08T09:00:00.000Z',
        onTime: true,
        closedAt: FRIDAY_5PM,
        reportedAt: onTime.createdAt.toISOString(),
        version: 5,
        reworkCount: 1,
        escalationCount: 0,
      });
      const late = add(withPolice({ state: CaseState.Handled, deadline: new Date('2026-12-04T08:59:59.999Z') }));
      await sut.verify(member, late.id, true);
      expect(db.events[1]!.data).toMatchObject({ dueAt: '2026-12-04T08:59:59.999Z', onTime: false });
      // failed verifications count on the event that records them
      const failed = add(withPolice({ state: CaseState.Handled }));
      await sut.verify(member, failed.id, false);
      expect(db.events[2]!.data).toMatchObject({ reworkCount: 1, closedAt: null, deadline: '2026-12-08T09:00:00.000Z' });
      expect(db.events[2]!.data).not.toHaveProperty('onTime');
    });

    it('sends a failed verification back to the handler as rework, counting it', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice({ state: CaseState.Handled, reworkCount: 1 }));
      await expect(sut.verify(supervisor, c.id, false)).resolves.toMatchObject({ state: CaseState.Accepted, reworkCount: 2, reason: 'verification failed' });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseReworked.type, data: { reason: 'verification failed' } });
    });

    it('leaves verification to grid staff and supervisors: an operator or the handler gets 403', async () => {
      const { sut, add } = setup();
      const c = add(withPolice({ state: CaseState.Handled }));
      await expect(sut.verify(community, c.id, true)).rejects.toMatchObject(forbidden);
      await expect(sut.verify(police, c.id, true)).rejects.toMatchObject(forbidden);
    });

    it('refuses (403) a verifier who handled the case herself, unless its category allows it; nothing changes', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice({ state: CaseState.Handled, handledBy: member.id }));
      await expect(sut.verify(member, c.id, true)).rejects.toMatchObject(forbidden);
      expect(db.events).toEqual([]);
      await expect(sut.verify(supervisor, c.id, true)).resolves.toMatchObject({ state: CaseState.Closed });
      const lenient = setup({ VERIFY_BY_HANDLER_CATEGORIES: c.categoryCode });
      const d = lenient.add(withPolice({ state: CaseState.Handled, handledBy: member.id }));
      await expect(lenient.sut.verify(member, d.id, true)).resolves.toMatchObject({ state: CaseState.Closed });
    });

    it('reopens a case closed within the window back to filed at its grid, to be dispatched again', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice({ state: CaseState.Closed, deadline: null, level: 3, closedAt: new Date('2026-11-30T09:00:00.000Z') }));
      await expect(sut.reopen(community, c.id, 'bins overflowing again')).resolves.toMatchObject({
        state: CaseState.Filed,
        level: 5,
        dispatchTarget: null,
        departmentCode: null,
        closedAt: null,
        reason: 'bins overflowing again',
      });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseReopened.type, data: { reason: 'bins overflowing again', stateBefore: CaseState.Closed } });
    });

    it('refuses to reopen after the window (409) and leaves the case closed', async () => {
      const { sut, add, db } = setup({ REOPEN_WINDOW_DAYS: 7 });
      const closedAt = new Date('2026-11-26T08:00:00.000Z');
      const c = add(withPolice({ state: CaseState.Closed, deadline: null, closedAt }));
      await expect(sut.reopen(community, c.id, 'again')).rejects.toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('7-day reopen window has passed') });
      expect(c).toMatchObject({ state: CaseState.Closed, closedAt });
      expect(db.events).toEqual([]);
    });
  });

  describe('escalate and push down', () => {
    it('moves a case one tier up (grid → community), counts it and restarts the clock there', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice({ state: CaseState.Accepted, deadline: new Date('2026-12-05T00:00:00.000Z') }));
      await expect(sut.escalate(police, c.id, 'needs the community')).resolves.toMatchObject({ level: 3, levelCode: '410102005001', escalationCount: 1, deadline: '2026-12-08T09:00:00.000Z' });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseEscalated.type, data: { levelBefore: 5, level: 3, reason: 'needs the community', stateAfter: CaseState.Accepted } });
    });

    it('climbs subdistrict → district → city, and refuses to go above the city (409)', async () => {
      const { sut, add } = setup();
      const c = add({ state: CaseState.Filed, level: 2 });
      await expect(sut.escalate(admin, c.id, 'up')).resolves.toMatchObject({ level: 1, levelCode: '410102' });
      await expect(sut.escalate(admin, c.id, 'up')).resolves.toMatchObject({ level: 0, levelCode: '410100' });
      await expect(sut.escalate(admin, c.id, 'up')).rejects.toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('at the city level already') });
      expect(c.escalationCount).toBe(2);
    });

    it('lets only the handler or an operator escalate', async () => {
      const { sut, add } = setup();
      await expect(sut.escalate(member, add(withPolice()).id, 'up')).rejects.toMatchObject(forbidden);
      await expect(sut.escalate(supervisor, add(withPolice()).id, 'up')).rejects.toMatchObject(forbidden);
    });

    it('lets an operator at the level now responsible hand the case one tier down', async () => {
      const { sut, add, db } = setup();
      const c = add({ state: CaseState.Filed, level: 2, escalationCount: 1 });
      await expect(sut.pushDown(subdistrict, { id: c.id, reason: 'community can settle it' })).resolves.toMatchObject({ level: 3, levelCode: '410102005001' });
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.casePushedDown.type, data: { levelBefore: 2, level: 3, reason: 'community can settle it' } });
    });

    it('refuses push-down by an operator below the level now responsible (403), and to a node not below it (422 naming toCode)', async () => {
      const { sut, add } = setup();
      const atSubdistrict = add({ state: CaseState.Filed, level: 2 });
      await expect(sut.pushDown(community, { id: atSubdistrict.id, reason: 'mine now' })).rejects.toMatchObject(forbidden);
      await expect(sut.pushDown(subdistrict, { id: atSubdistrict.id, reason: 'x', toCode: '410102' })).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'toCode' }] });
      await expect(sut.pushDown(subdistrict, { id: atSubdistrict.id, reason: 'x', toCode: NEIGHBOUR_PATH[3] })).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'toCode' }] });
      expect(atSubdistrict.level).toBe(2);
      await expect(sut.pushDown(admin, { id: atSubdistrict.id, reason: 'to the grid', toCode: PATH[5] })).resolves.toMatchObject({ level: 5 });
    });
  });

  describe('extension and suspension', () => {
    it('extends the deadline by the requested working time once an operator approves the handler’s request', async () => {
      const { sut, add, db } = setup();
      const c = add(withPolice({ state: CaseState.Accepted }));
      await expect(sut.requestExtension(police, { id: c.id, reason: 'parts on order', amount: 4, unit: TimeUnit.WorkingHours })).resolves.toMatchObject({
        pendingRequest: { kind: 'extension', amount: 4, unit: TimeUnit.WorkingHours, requestedBy: police.id },
        deadline: '2026-12-08T09:00:00.000Z',
      });
      await expect(sut.approveExtension(police, c.id)).rejects.toMatchObject(forbidden);
      // Tuesday 17:00 plus 4 working hours: 1 h on Tuesday, 3 h on Wednesday morning.
      await expect(sut.approveExtension(community, c.id)).resolves.toMatchObject({ deadline: '2026-12-09T03:30:00.000Z', pendingRequest: null });
      expect(db.events.map((e) => e.type)).toEqual([TicketingEvents.caseExtensionRequested.type, TicketingEvents.caseExtensionApproved.type]);
    });

    it('takes one request at a time (409), and approves only a request that is pending (409)', async () => {
      const { sut, add } = setup();
      const c = add(withPolice({ state: CaseState.Accepted }));
      await expect(sut.approveExtension(community, c.id)).rejects.toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('no extension request pending') });
      await sut.requestSuspension(police, c.id, 'waiting for the owner');
      await expect(sut.requestExtension(police, { id: c.id, reason: 'x', amount: 1, unit: TimeUnit.WorkingDays })).rejects.toMatchObject({
        code: ErrorCode.Conflict,
        message: expect.stringContaining('suspension request pending'),
      });
      await expect(sut.approveExtension(community, c.id)).rejects.toMatchObject({ code: ErrorCode.Conflict });
    });

    it('stops the clock on suspension and gives back the time that was left on resume', async () => {
      const { sut, add } = setup();
      const c = add(withPolice({ state: CaseState.Accepted }));
      await sut.requestSuspension(police, c.id, 'waiting for the owner');
      await expect(sut.approveSuspension(community, c.id)).resolves.toMatchObject({ state: CaseState.Suspended, deadline: null, pendingRequest: null });
      await expect(sut.accept(police, c.id)).rejects.toEqual(conflict('suspended'));
      jest.setSystemTime(new Date('2026-12-10T09:00:00.000Z'));
      // Four days were left on Friday; resumed six days later it has those four days again.
      await expect(sut.resume(community, c.id)).resolves.toMatchObject({ state: CaseState.Accepted, deadline: '2026-12-14T09:00:00.000Z' });
    });
  });

  describe('merge and cancel', () => {
    it('merges a duplicate into an open case: the duplicate ends merged, the other keeps both reporters', async () => {
      const { sut, add, db } = setup();
      const into = add({ state: CaseState.Filed, reporters: [{ name: '张三' }] });
      const dup = add({ reporters: [{ name: '李四' }] });
      await expect(sut.merge(community, { id: dup.id, intoId: into.id })).resolves.toMatchObject({ state: CaseState.Merged, mergedIntoId: into.id, closedAt: FRIDAY_5PM });
      expect(into.reporters).toEqual([{ name: '张三' }, { name: '李四' }]);
      expect(db.events[0]).toMatchObject({ type: TicketingEvents.caseMerged.type, subject: dup.id, data: { mergedIntoId: into.id, mergedIntoNumber: into.number } });
      expect(JSON.stringify(db.events[0]!.data)).not.toContain('李四');
    });

    it('refuses a merge into itself (422 naming intoId), into a closed case (409) or into one the caller cannot see (404)', async () => {
      const { sut, add, db } = setup();
      const dup = add();
      await expect(async () => sut.merge(community, { id: dup.id, intoId: dup.id })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'intoId', reason: 'is the same case' }],
      });
      const closed = add({ state: CaseState.Closed });
      await expect(sut.merge(community, { id: dup.id, intoId: closed.id })).rejects.toMatchObject({ code: ErrorCode.Conflict });
      const elsewhere = add({ state: CaseState.Filed, gridPath: [...NEIGHBOUR_PATH] });
      await expect(sut.merge(community, { id: dup.id, intoId: elsewhere.id })).rejects.toMatchObject(notFound);
      expect(dup).toMatchObject({ state: CaseState.Reported, mergedIntoId: null });
      expect(elsewhere.reporters).toHaveLength(1);
      expect(db.events).toEqual([]);
    });

    it('cancels an open case, clearing its clock, but not a closed one', async () => {
      const { sut, add } = setup();
      await expect(sut.cancel(community, add(withPolice()).id, 'reported by mistake')).resolves.toMatchObject({ state: CaseState.Cancelled, deadline: null, reason: 'reported by mistake' });
      await expect(sut.cancel(community, add({ state: CaseState.Closed }).id, 'x')).rejects.toEqual(conflict('closed'));
      await expect(sut.cancel(member, add().id, 'x')).rejects.toMatchObject(forbidden);
    });
  });

  describe('public notes and reporters’ contacts', () => {
    const citizenApp = testCaller({ kind: 'client', roles: [], nodeScope: '410102005', scopes: ['cases:write'] });

    it('records a citizen’s note on a closed case as a reopen request: one event with no words, the words in the audit trail, the state kept', async () => {
      const { sut, add, db } = setup();
      const c = add({ state: CaseState.Closed });
      const note = await sut.comment(citizenApp, { id: c.id, text: '又搭起来了，电话 13812345678', reopenRequested: true, author: '王芳' });
      expect(note).toMatchObject({ caseId: c.id, updateId: '1', at: FRIDAY_5PM });
      expect(c.state).toBe(CaseState.Closed);
      expect(db.events).toHaveLength(1);
      expect(db.events[0]).toMatchObject({
        type: TicketingEvents.caseCommented.type,
        subject: c.id,
        data: { action: 'comment', stateBefore: CaseState.Closed, stateAfter: CaseState.Closed, reopenRequested: true },
      });
      expect(JSON.stringify(db.events[0]!.data)).not.toContain('13812345678');
      expect(JSON.stringify(db.events[0]!.data)).not.toContain('王芳');
      expect(db.events[0]!.after).toMatchObject({ notes: '王芳: 又搭起来了，电话 13812345678' });
    });

    it('takes notes only on cases the caller sees (404) and from roles that work on cases (403 for an auditor)', async () => {
      const { sut, add, db } = setup();
      const c = add();
      await expect(sut.comment(neighbour, { id: c.id, text: 'x' })).rejects.toMatchObject(notFound);
      await expect(sut.comment(testCaller({ roles: [Role.Auditor], nodeScope: '410102005' }), { id: c.id, text: 'x' })).rejects.toMatchObject(forbidden);
      await expect(sut.comment(member, { id: c.id, text: '已到现场查看' })).resolves.toMatchObject({ caseId: c.id });
      expect(db.events.map((e) => e.data['reopenRequested'])).toEqual([undefined]);
    });

    it('gives a reporter’s contact in full to an operator in scope, and refuses it to a department officer and an API client', async () => {
      const { sut, add } = setup();
      const cipher = FieldCipher.fromEnv({});
      const c = add(
        withPolice({
          reporters: [
            {
              name: '王芳',
              phone: '138****5678',
              phoneCipher: cipher.encrypt('13812345678', 'case.reporter.phone'),
              email: 'w***@example.com',
              emailCipher: cipher.encrypt('wang@example.com', 'case.reporter.email'),
            },
          ],
        }),
      );
      await expect(sut.get(community, c.id)).resolves.toMatchObject({ reporters: [{ name: '王芳', phone: '138****5678', email: 'w***@example.com' }] });
      await expect(sut.reporters(community, c.id)).resolves.toEqual([{ name: '王芳', phone: '13812345678', email: 'wang@example.com' }]);
      await expect(sut.reporters(police, c.id)).rejects.toMatchObject(forbidden);
      await expect(sut.reporters(citizenApp, c.id)).rejects.toMatchObject(forbidden);
      await expect(sut.reporters(neighbour, c.id)).rejects.toMatchObject(notFound);
    });

    it('refuses to open a contact copied into the other field: each ciphertext is bound to its own', async () => {
      const { sut, add } = setup();
      const phoneCipher = FieldCipher.fromEnv({}).encrypt('13812345678', 'case.reporter.phone');
      const c = add({ reporters: [{ name: '王芳', email: 'x***@example.com', emailCipher: phoneCipher }] });
      await expect(sut.reporters(community, c.id)).rejects.toThrow();
    });
  });
});
