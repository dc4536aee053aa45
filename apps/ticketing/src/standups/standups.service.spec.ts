import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { NodeKind, type NodeView } from '@citygrid/contracts/grid-registry';
import { ApiScope, Role } from '@citygrid/contracts/identity';
import { CaseState, StandupEvents, type RecordStandupDto } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { clockAt, InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { aCase, GRID_PATH, NEIGHBOUR_PATH } from '../../test/fixtures';
import { Case } from '../cases/case.entity';
import type { RegistryQueries } from '../shared/registry-queries';
import { SupervisionFlag } from '../shared/supervision-flag.entity';
import { Standup } from './standup.entity';
import { StandupsService } from './standups.service';

const COMMUNITY = GRID_PATH.slice(0, 4);
const NEIGHBOUR = NEIGHBOUR_PATH.slice(0, 4);

/** Friday 2026-12-04, 10:00 in Zhengzhou. */
const NOW = '2026-12-04T02:00:00.000Z';

const operator = testCaller({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY[3], name: '李主任' });
const neighbourOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: NEIGHBOUR[3] });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: '410102005' });
const client = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: '410102005', scopes: [ApiScope.CasesRead] });

function setup() {
  const db = new InMemoryDb();
  const nodes = new Map([COMMUNITY, NEIGHBOUR].map((path) => [path[3]!, { code: path[3]!, path, kind: NodeKind.Community, gridLevel: null } as unknown as NodeView]));
  const registry: Pick<RegistryQueries, 'node'> = { node: async (code) => nodes.get(code) ?? Promise.reject(new ServiceError(ErrorCode.NotFound, `Node ${code} does not exist.`)) };
  const sut = new StandupsService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, registry as RegistryQueries);
  const add = (over: Partial<Case>): Case => db.insert(Case, aCase(over))[0]!;
  return { db, sut, add };
}

const record = (over: Partial<RecordStandupDto> = {}): RecordStandupDto => ({ node: COMMUNITY[3]!, date: '2026-12-04', attendees: ['李主任', '王网格'], decisions: [], ...over });
const decision = (caseId: string, dueDate = '2026-12-05') => ({ caseId, plan: 'clear it', owner: '王网格', dueDate });

beforeEach(() => clockAt(NOW));
afterEach(() => jest.useRealTimers());

describe('StandupsService', () => {
  describe('agenda', () => {
    it('sorts the node’s cases into new (since its last meeting), overdue, escalated, supervised and returned', async () => {
      const { db, sut, add } = setup();
      db.insert(Standup, {
        id: randomUUID(),
        nodeCode: COMMUNITY[3]!,
        nodePath: COMMUNITY,
        day: '2026-12-03',
        heldAt: new Date('2026-12-03T01:00:00Z'),
        attendees: [],
        decisions: [],
        notes: null,
        recordedBy: 'x',
        recordedById: 'x',
      });
      const fresh = add({ createdAt: new Date('2026-12-03T03:00:00Z') });
      const late = add({ state: CaseState.Dispatched, createdAt: new Date('2026-12-02T03:00:00Z'), deadline: new Date('2026-12-03T09:00:00Z') });
      const supervised = add({ state: CaseState.Accepted, createdAt: new Date('2026-12-01T03:00:00Z'), deadline: new Date('2026-12-08T09:00:00Z') });
      db.insert(SupervisionFlag, {
        id: randomUUID(),
        caseId: supervised.id,
        gridCode: supervised.gridCode,
        gridPath: supervised.gridPath,
        deadline: new Date('2026-12-04T01:00:00Z'),
        caseDeadline: null,
        note: '督办',
        flaggedBy: 's',
        flaggedById: 's',
      });
      const escalated = add({ state: CaseState.Filed, createdAt: new Date('2026-12-01T03:00:00Z'), level: 3, escalationCount: 1 });
      const returned = add({ state: CaseState.Returned, createdAt: new Date('2026-12-01T03:00:00Z'), deadline: new Date('2026-12-09T09:00:00Z') });
      add({ state: CaseState.Closed, createdAt: new Date('2026-12-01T03:00:00Z') });
      add({ gridPath: NEIGHBOUR_PATH, createdAt: new Date('2026-12-04T01:00:00Z') });

      const agenda = await sut.agenda(operator, { node: COMMUNITY[3]!, date: '2026-12-04' });
      const ids = (items: Array<{ caseId: string }>) => items.map((i) => i.caseId);
      expect(agenda.since).toBe('2026-12-03T01:00:00.000Z');
      expect(ids(agenda.new)).toEqual([fresh.id]);
      expect(ids(agenda.overdue)).toEqual([supervised.id, late.id]);
      expect(ids(agenda.escalated)).toEqual([escalated.id]);
      expect(ids(agenda.supervised)).toEqual([supervised.id]);
      expect(agenda.supervised[0]).toMatchObject({ supervisedDeadline: '2026-12-04T01:00:00.000Z' });
      expect(ids(agenda.returned)).toEqual([returned.id]);
    });

    it('without an earlier meeting takes the day before as the new window', async () => {
      const { sut, add } = setup();
      const yesterday = add({ createdAt: new Date('2026-12-02T17:00:00Z') });
      add({ state: CaseState.Closed, createdAt: new Date('2026-12-02T15:00:00Z') });
      const agenda = await sut.agenda(operator, { node: COMMUNITY[3]! });
      expect(agenda).toMatchObject({ date: '2026-12-04', since: null });
      expect(agenda.new.map((i) => i.caseId)).toEqual([yesterday.id]);
    });

    it('answers 404 for a node outside the caller’s area, 400 naming date for a date that is none, and 403 to API clients', async () => {
      const { sut } = setup();
      await expect(sut.agenda(neighbourOperator, { node: COMMUNITY[3]! })).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.agenda(operator, { node: COMMUNITY[3]!, date: '2026-13-01' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'date' }] });
      await expect(sut.agenda(client, { node: COMMUNITY[3]! })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });
  });

  describe('record', () => {
    it('keeps the meeting with one decision per case, and records standup.recorded naming the cases', async () => {
      const { db, sut, add } = setup();
      const c = add({});
      const view = await sut.record(operator, record({ decisions: [decision(c.id)], heldAt: '2026-12-04T01:30:00Z' }));
      expect(view).toMatchObject({ node: COMMUNITY[3], nodePath: COMMUNITY, date: '2026-12-04', heldAt: '2026-12-04T01:30:00.000Z', recordedBy: '李主任', decisions: [decision(c.id)] });
      expect(db.events).toMatchObject([{ type: StandupEvents.standupRecorded.type, subject: view.id, data: { node: COMMUNITY[3], path: COMMUNITY, date: '2026-12-04', caseIds: [c.id] } }]);
    });

    it('refuses decisions on cases outside the node’s area, or unknown, alike (422 naming decisions.caseId), and stores nothing', async () => {
      const { db, sut, add } = setup();
      const elsewhere = add({ gridPath: NEIGHBOUR_PATH });
      const unknown = randomUUID();
      await expect(sut.record(operator, record({ decisions: [decision(elsewhere.id), decision(unknown)] }))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [
          { field: 'decisions.caseId', reason: `case ${elsewhere.id} is not in this node's area` },
          { field: 'decisions.caseId', reason: `case ${unknown} is not in this node's area` },
        ],
      });
      expect(db.rows(Standup)).toEqual([]);
      expect(db.events).toEqual([]);
    });

    it('refuses two decisions on one case and a due date that is no date (400)', async () => {
      const { sut, add } = setup();
      const c = add({});
      await expect(sut.record(operator, record({ decisions: [decision(c.id), decision(c.id)] }))).rejects.toMatchObject({ errors: [{ field: 'decisions', reason: 'one decision per case' }] });
      await expect(sut.record(operator, record({ decisions: [decision(c.id, '2026-02-30')] }))).rejects.toMatchObject({ errors: [{ field: 'decisions.dueDate' }] });
    });

    it('is for operators and grid staff of the node: auditors get 403, another community 404', async () => {
      const { sut } = setup();
      await expect(sut.record(auditor, record())).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.record(neighbourOperator, record())).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });
  });

  it('lists and reads only the meetings of the caller’s subtree', async () => {
    const { db, sut } = setup();
    const meeting = (path: string[]) => ({
      id: randomUUID(),
      nodeCode: path[3]!,
      nodePath: path,
      day: '2026-12-03',
      heldAt: new Date('2026-12-03T01:00:00Z'),
      attendees: [],
      decisions: [],
      notes: null,
      recordedBy: 'x',
      recordedById: 'x',
    });
    const [mine, theirs] = db.insert(Standup, meeting(COMMUNITY), meeting(NEIGHBOUR));
    expect((await sut.list(operator, {})).items.map((s) => s.id)).toEqual([mine!.id]);
    expect((await sut.list(auditor, {})).total).toBe(2);
    await expect(sut.get(operator, theirs!.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(sut.get(auditor, theirs!.id)).resolves.toMatchObject({ node: NEIGHBOUR[3] });
  });
});
