import { AccessDenied } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { CommunityServicesEvents } from '@citygrid/contracts/community-services';
import { Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import { testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import type { CatalogueService } from '../catalogue/catalogue.service';
import type { CommunityServicesEnv } from '../config';
import type { RegistryClient } from '../shared/registry-client';
import { RequestsService, RESIDENT_PHONE_CONTEXT } from './requests.service';
import { ServiceRequest, type ServiceRequestStep } from './service-request.entity';

const A = '410102005001';
const B = '410102005002';
const GRID_A = `${A}0101`;
const PATH_A = ['410100', '410102', '410102005', A, GRID_A];
const PHONE = '13812345678';

const cipher = FieldCipher.fromEnv({ NODE_ENV: 'test', PII_KEYS: '' });
const operatorA = testCaller({ id: 'op-a', roles: [Role.CommunityOperator], nodeScope: A });
const operatorB = testCaller({ id: 'op-b', roles: [Role.CommunityOperator], nodeScope: B });
const memberA = testCaller({ id: 'member-a', roles: [Role.GridMember], nodeScope: GRID_A });
const auditorA = testCaller({ id: 'auditor-a', roles: [Role.Auditor], nodeScope: A });
const handyman = testCaller({ id: 'handyman', roles: [Role.DepartmentOfficer], nodeScope: A });

function request(over: Partial<ServiceRequest> = {}): ServiceRequest {
  return Object.assign(new ServiceRequest(), {
    id: '0b7e6a52-1f7e-4a55-9b6b-3f1f0a000001',
    centreId: '0b7e6a52-1f7e-4a55-9b6b-3f1f0a0000c1',
    centre: 'property',
    typeId: '0b7e6a52-1f7e-4a55-9b6b-3f1f0a0000t1',
    typeCode: 'repair',
    typeName: '报修',
    asksSatisfaction: true,
    description: '漏水',
    state: 'received',
    residentId: null,
    residentName: '王五',
    residentPhone: cipher.encrypt(PHONE, RESIDENT_PHONE_CONTEXT),
    nodeCode: GRID_A,
    path: PATH_A,
    channel: 'phone',
    assigneeId: null,
    receivedAt: new Date('2026-12-01T08:00:00Z'),
    dueAt: new Date('2026-12-03T08:00:00Z'),
    startedAt: null,
    closedAt: null,
    satisfaction: null,
    cancelReason: null,
    version: 1,
    ...over,
  });
}

/** The service over one stored request; what it recorded and persisted is kept for the assertions. */
function setup(row: ServiceRequest) {
  const recorded: Array<{ type: string; data: unknown }> = [];
  const persisted: unknown[] = [];
  const tx = {
    findOne: async () => row,
    find: async (): Promise<ServiceRequestStep[]> => [],
    persist: (e: unknown) => (persisted.push(e), tx),
    flush: async () => undefined,
  };
  const orm = { em: { fork: () => ({ ...tx, transactional: async <T>(cb: (t: typeof tx) => Promise<T>) => cb(tx) }) } } as unknown as MikroORM;
  const events = { record: (_tx: unknown, def: { type: string }, _subject: string, data: unknown) => void recorded.push({ type: def.type, data }) } as unknown as EventRecorder;
  const sut = new RequestsService(orm, events, {} as RegistryClient, {} as CatalogueService, cipher, { DATABASE_SCHEMA: 'community_services' } as CommunityServicesEnv);
  return { sut, recorded, persisted };
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; fields: string[] }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return { code: err.code, message: err.message, fields: (err.errors ?? []).map((e) => e.field) };
    if (err instanceof AccessDenied) return { code: err.code, message: err.message, fields: [] };
    throw err;
  }
  throw new Error('expected a failure');
}

describe('RequestsService', () => {
  it('answers 404 for a request outside the caller’s area, for reads and steps alike, and records nothing', async () => {
    const { sut, recorded } = setup(request());
    expect((await failure(sut.get(operatorB, request().id))).code).toBe(ErrorCode.NotFound);
    expect((await failure(sut.assign(operatorB, { id: request().id, assigneeId: 'x' }))).code).toBe(ErrorCode.NotFound);
    expect((await failure(sut.cancel(operatorB, { id: request().id, reason: 'x' }))).code).toBe(ErrorCode.NotFound);
    expect(recorded).toEqual([]);
  });

  it('answers 403 to a caller in the area without the role, and 409 naming the state to an illegal step', async () => {
    const { sut, recorded } = setup(request());
    expect((await failure(sut.assign(memberA, { id: request().id, assigneeId: 'handyman' }))).code).toBe(ErrorCode.Forbidden);
    const conflict = await failure(sut.start(operatorA, { id: request().id }));
    expect(conflict.code).toBe(ErrorCode.Conflict);
    expect(conflict.message).toContain('state received');
    expect(recorded).toEqual([]);
  });

  it('lets the assignee see a request assigned to her outside her area and start it; one event', async () => {
    const row = request({ state: 'assigned', assigneeId: 'handyman', path: ['410100', '410102', '410102005', B], nodeCode: B });
    const { sut, recorded } = setup(row);
    const view = await sut.start(handyman, { id: row.id, note: '已上门' });
    expect(view.state).toBe('in_progress');
    expect(row.startedAt).toBeInstanceOf(Date);
    expect(recorded).toEqual([{ type: CommunityServicesEvents.requestStarted.type, data: expect.objectContaining({ id: row.id, stateBefore: 'assigned', state: 'in_progress', by: 'handyman' }) }]);
  });

  it('refuses to close without the satisfaction the type asks for (422), changing nothing', async () => {
    const row = request({ state: 'in_progress', assigneeId: 'handyman' });
    const { sut, recorded, persisted } = setup(row);
    const refused = await failure(sut.close(handyman, { id: row.id, note: '已修复' }));
    expect(refused).toMatchObject({ code: ErrorCode.Unprocessable, fields: ['satisfaction'] });
    expect(row.state).toBe('in_progress');
    expect(row.closedAt).toBeNull();
    expect(recorded).toEqual([]);
    expect(persisted).toEqual([]);
    const closed = await sut.close(handyman, { id: row.id, satisfaction: 'dissatisfied' });
    expect(closed).toMatchObject({ state: 'closed', satisfaction: 'dissatisfied' });
    expect(recorded).toEqual([{ type: CommunityServicesEvents.requestClosed.type, data: expect.objectContaining({ satisfaction: 'dissatisfied', stateBefore: 'in_progress' }) }]);
  });

  it('closes without satisfaction when the type does not ask for it, and refuses one given', async () => {
    const row = request({ state: 'in_progress', assigneeId: 'handyman', asksSatisfaction: false });
    const { sut } = setup(row);
    expect((await failure(sut.close(handyman, { id: row.id, satisfaction: 'satisfied' }))).fields).toEqual(['satisfaction']);
    expect(await sut.close(handyman, { id: row.id })).toMatchObject({ state: 'closed', satisfaction: null });
  });

  it('shows the phone in full to operators and grid staff, masked to others; never in the event', async () => {
    const row = request();
    const { sut, recorded } = setup(row);
    expect(await sut.get(operatorA, row.id)).toMatchObject({ residentPhone: PHONE, masked: false });
    expect(await sut.get(memberA, row.id)).toMatchObject({ residentPhone: PHONE, masked: false });
    expect(await sut.get(auditorA, row.id)).toMatchObject({ residentPhone: '138****5678', masked: true });
    expect(row.residentPhone).not.toContain(PHONE);
    await sut.cancel(operatorA, { id: row.id, reason: '重复' });
    expect(JSON.stringify(recorded)).not.toContain(PHONE);
    expect(JSON.stringify(recorded)).not.toContain('王五');
    expect(recorded[0]).toMatchObject({ type: CommunityServicesEvents.requestCancelled.type });
  });

  it('marks an open request past its due time overdue, a closed one not', async () => {
    const { sut } = setup(request());
    const past = new Date('2026-12-04T00:00:00Z');
    expect(sut.view(operatorA, request(), [], past).overdue).toBe(true);
    expect(sut.view(operatorA, request({ state: 'closed', closedAt: past }), [], past).overdue).toBe(false);
    expect(sut.view(operatorA, request(), [], new Date('2026-12-02T00:00:00Z')).overdue).toBe(false);
  });
});
