import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { NodeKind, type NodeView } from '@citygrid/contracts/grid-registry';
import { Role } from '@citygrid/contracts/identity';
import { CaseState, DispatchTarget, SupervisionEvents, TicketingEvents } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { clockAt, InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { aCase, GRID_PATH, NEIGHBOUR_PATH } from '../../test/fixtures';
import { Case } from '../cases/case.entity';
import type { RegistryQueries } from '../shared/registry-queries';
import { SupervisionFlag } from '../shared/supervision-flag.entity';
import { Inspection } from './supervision.entities';
import { SupervisionService } from './supervision.service';

/** Friday 2026-12-04, 10:00 in Zhengzhou. */
const NOW = '2026-12-04T02:00:00.000Z';
const CASE_DEADLINE = new Date('2026-12-08T09:00:00.000Z');

const supervisor = testCaller({ roles: [Role.Supervisor], nodeScope: '410102005', name: '赵督查' });
const communitySupervisor = testCaller({ roles: [Role.Supervisor], nodeScope: NEIGHBOUR_PATH[3] });
const operator = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: '410102005' });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: GRID_PATH[3] });
const member = testCaller({ roles: [Role.GridMember], nodeScope: GRID_PATH[5] });

function setup() {
  const db = new InMemoryDb();
  const nodes = new Map([GRID_PATH, NEIGHBOUR_PATH].map((path) => [path[5]!, { code: path[5]!, path, kind: NodeKind.Grid, gridLevel: 3 } as unknown as NodeView]));
  const registry: Pick<RegistryQueries, 'node'> = { node: async (code) => nodes.get(code) ?? Promise.reject(new ServiceError(ErrorCode.NotFound, `Node ${code} does not exist.`)) };
  const sut = new SupervisionService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, registry as RegistryQueries);
  const add = (over: Partial<Case> = {}): Case => db.insert(Case, aCase({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.GridStaff, deadline: CASE_DEADLINE, ...over }))[0]!;
  return { db, sut, add };
}

beforeEach(() => clockAt(NOW));
afterEach(() => jest.useRealTimers());

describe('SupervisionService', () => {
  describe('flag', () => {
    it('stores the flag and moves the deadline of a case on the clock to the tighter one, recording both events', async () => {
      const { db, sut, add } = setup();
      const c = add();
      const view = await sut.flag(supervisor, { caseId: c.id, deadline: '2026-12-07T02:00:00.000Z', note: 'residents complained twice' });
      expect(view).toMatchObject({ caseId: c.id, deadline: '2026-12-07T02:00:00.000Z', caseDeadline: CASE_DEADLINE.toISOString(), flaggedBy: '赵督查' });
      expect(c.deadline).toEqual(new Date('2026-12-07T02:00:00.000Z'));
      expect(db.events).toMatchObject([
        { type: SupervisionEvents.caseSupervised.type, subject: view.id, data: { caseId: c.id, path: GRID_PATH, deadline: '2026-12-07T02:00:00.000Z' } },
        { type: TicketingEvents.caseSupervised.type, subject: c.id, data: { action: 'supervise', deadline: '2026-12-07T02:00:00.000Z', reason: 'residents complained twice' } },
      ]);
    });

    it('leaves a case not yet on the clock as it is: its deadline comes at dispatch', async () => {
      const { db, sut, add } = setup();
      const c = add({ state: CaseState.Filed, dispatchTarget: null, deadline: null });
      await sut.flag(supervisor, { caseId: c.id, deadline: '2026-12-07T02:00:00.000Z', note: 'x' });
      expect(c.deadline).toBeNull();
      expect(db.events.map((e) => e.type)).toEqual([SupervisionEvents.caseSupervised.type]);
      expect(db.rows(SupervisionFlag)).toHaveLength(1);
    });

    it('refuses a deadline not tighter than the case’s (422) or not in the future (400), naming deadline, and keeps nothing', async () => {
      const { db, sut, add } = setup();
      const c = add();
      await expect(sut.flag(supervisor, { caseId: c.id, deadline: CASE_DEADLINE.toISOString(), note: 'x' })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'deadline', reason: 'is not before the case deadline' }],
      });
      await expect(sut.flag(supervisor, { caseId: c.id, deadline: '2026-12-04T01:00:00.000Z', note: 'x' })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'deadline', reason: 'must be in the future' }],
      });
      expect(c.deadline).toEqual(CASE_DEADLINE);
      expect(db.rows(SupervisionFlag)).toEqual([]);
      expect(db.events).toEqual([]);
    });

    it('supervises only open cases (409), in the supervisor’s area (404), and only supervisors may (403)', async () => {
      const { sut, add } = setup();
      const tomorrow = '2026-12-05T02:00:00.000Z';
      await expect(sut.flag(supervisor, { caseId: add({ state: CaseState.Closed, deadline: null }).id, deadline: tomorrow, note: 'x' })).rejects.toMatchObject({ code: ErrorCode.Conflict });
      await expect(sut.flag(communitySupervisor, { caseId: add().id, deadline: tomorrow, note: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.flag(operator, { caseId: add().id, deadline: tomorrow, note: 'x' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.flag(testCaller({ roles: [Role.SystemAdmin] }), { caseId: add().id, deadline: tomorrow, note: 'x' })).resolves.toMatchObject({ deadline: tomorrow });
    });
  });

  describe('reading flags', () => {
    it('is for those who oversee, within their area: grid staff get 403, others’ flags 404', async () => {
      const { db, sut } = setup();
      const flag = (path: string[], caseId = randomUUID()) => ({
        id: randomUUID(),
        caseId,
        gridCode: path[5]!,
        gridPath: path,
        deadline: new Date('2026-12-05T00:00:00Z'),
        caseDeadline: null,
        note: 'x',
        flaggedBy: 's',
        flaggedById: 's',
      });
      const target = randomUUID();
      const [mine, , theirs] = db.insert(SupervisionFlag, flag(GRID_PATH, target), flag(GRID_PATH), flag(NEIGHBOUR_PATH));
      await expect(sut.listFlags(member, {})).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      expect((await sut.listFlags(auditor, {})).total).toBe(2);
      expect((await sut.listFlags(operator, { caseId: target })).items.map((f) => f.id)).toEqual([mine!.id]);
      await expect(sut.getFlag(auditor, theirs!.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.getFlag(operator, theirs!.id)).resolves.toMatchObject({ gridCode: NEIGHBOUR_PATH[5] });
    });
  });

  describe('inspect', () => {
    it('records an inspection of a grid with its findings counted by severity in inspection.recorded', async () => {
      const { db, sut } = setup();
      const view = await sut.inspect(supervisor, {
        gridCode: GRID_PATH[5]!,
        findings: [
          { text: 'blocked fire exit', severity: 'high' },
          { text: 'litter', severity: 'low' },
          { text: 'litter again', severity: 'low' },
        ],
      });
      expect(view).toMatchObject({ gridCode: GRID_PATH[5], gridPath: GRID_PATH, inspector: '赵督查', inspectedAt: NOW });
      expect(db.events).toMatchObject([{ type: SupervisionEvents.inspectionRecorded.type, subject: view.id, data: { gridCode: GRID_PATH[5], findings: { low: 2, medium: 0, high: 1 } } }]);
      expect(JSON.stringify(db.events[0]!.data)).not.toContain('fire exit');
    });

    it('refuses an inspection in the future (400 naming inspectedAt), outside the area (404), or by a non-supervisor (403)', async () => {
      const { db, sut } = setup();
      await expect(sut.inspect(supervisor, { gridCode: GRID_PATH[5]!, inspectedAt: '2026-12-04T03:00:00.000Z', findings: [] })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'inspectedAt' }],
      });
      await expect(sut.inspect(communitySupervisor, { gridCode: GRID_PATH[5]!, findings: [] })).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.inspect(auditor, { gridCode: GRID_PATH[5]!, findings: [] })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      expect(db.rows(Inspection)).toEqual([]);
    });
  });
});
