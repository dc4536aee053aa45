import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryEvents, PlaceKind, type RegisterResidentDto } from '@citygrid/contracts/grid-registry';
import { ApiScope, Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { BlindIndex, FieldCipher } from '@citygrid/pii';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { CODES, plantTree } from '../../test/fixtures';
import { Place } from '../places/place.entity';
import { Resident } from './resident.entity';
import { ResidentsService } from './residents.service';

const ID_NUMBER = '410102199003071230';
const OTHER_ID_NUMBER = '410102198511204568';
const PHONE = '13812345678';

const member = testCaller({ roles: [Role.GridMember], nodeScope: CODES.gridA });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.community });
const neighbourOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.neighbour });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: CODES.community });
const supervisor = testCaller({ roles: [Role.Supervisor], nodeScope: CODES.subdistrict });
const client = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: CODES.community, scopes: [ApiScope.RegistryRead, ApiScope.RegistryWrite] });

function setup() {
  const db = new InMemoryDb();
  const { nodes } = plantTree(db);
  // The local-development keys (no PII_KEYS / PII_INDEX_KEY outside production).
  const sut = new ResidentsService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, FieldCipher.fromEnv({}), BlindIndex.fromEnv({}));
  const place = (grid: string, kind = PlaceKind.Household): Place =>
    db.insert(Place, { id: randomUUID(), kind, name: '3-2-401', address: 'x', lng: 0, lat: 0, gridId: nodes.get(grid)!.id, gridCode: grid, gridPath: nodes.get(grid)!.path, attributes: {} })[0]!;
  return { db, sut, place };
}

const resident = (householdId: string, over: Partial<RegisterResidentDto> = {}): RegisterResidentDto => ({ householdId, name: '张三', idNumber: ID_NUMBER, phone: PHONE, ...over });

describe('ResidentsService', () => {
  describe('register', () => {
    it('keeps the ID number and phone only encrypted and hashed; the event carries neither, nor the name; the audit trail has them masked', async () => {
      const { db, sut, place } = setup();
      const home = place(CODES.gridA);
      const view = await sut.register(member, resident(home.id));
      expect(view).toMatchObject({ householdId: home.id, name: '张三', idNumber: ID_NUMBER, phone: PHONE, masked: false, gridCode: CODES.gridA });
      const stored = JSON.stringify(db.rows(Resident));
      expect(stored).not.toContain(ID_NUMBER);
      expect(stored).not.toContain(PHONE);
      const [event] = db.events;
      expect(event).toMatchObject({
        type: GridRegistryEvents.residentRegistered.type,
        subject: view.id,
        data: { householdId: home.id, gridCode: CODES.gridA },
        after: { idNumber: '410102********1230', phone: '138****5678' },
      });
      expect(JSON.stringify(event!.data)).not.toMatch(/张三|410102199003071230|13812345678/);
    });

    it('names each invalid field without repeating its value (400)', async () => {
      const { sut, place } = setup();
      const err = await sut.register(member, resident(place(CODES.gridA).id, { idNumber: '410102199003071231', phone: '12345' })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'idNumber' }, { field: 'phone', reason: 'must be a mainland mobile number' }] });
      expect(JSON.stringify(err)).not.toContain('410102199003071231');
    });

    it('registers only into a household (422 naming householdId) of the caller’s area (404)', async () => {
      const { db, sut, place } = setup();
      await expect(sut.register(member, resident(place(CODES.gridA, PlaceKind.Unit).id))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'householdId', reason: 'must be a household' }],
      });
      await expect(sut.register(member, resident(place(CODES.gridB).id))).rejects.toMatchObject({ code: ErrorCode.NotFound });
      expect(db.rows(Resident)).toEqual([]);
    });

    it('keeps one record per person: the same ID number anywhere is 409 naming idNumber, and says nothing of where', async () => {
      const { sut, place } = setup();
      await sut.register(neighbourOperator, resident(place(CODES.neighbourGrid).id, { idNumber: '11010519491231002X' }));
      // the same number typed with a small x
      const err = await sut.register(member, resident(place(CODES.gridA).id, { idNumber: '11010519491231002x' })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.Conflict, errors: [{ field: 'idNumber', reason: 'already registered' }] });
      expect(JSON.stringify(err)).not.toContain(CODES.neighbour);
    });

    it('is for grid staff and operators only: auditors and API clients get 403', async () => {
      const { sut, place } = setup();
      const home = place(CODES.gridA);
      await expect(sut.register(auditor, resident(home.id))).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.register(client, resident(home.id))).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });
  });

  describe('reads', () => {
    it('shows full ID numbers and phones to grid staff and operators, masked to auditors and supervisors', async () => {
      const { sut, place } = setup();
      const { id } = await sut.register(member, resident(place(CODES.gridA).id));
      await expect(sut.get(communityOperator, id)).resolves.toMatchObject({ idNumber: ID_NUMBER, phone: PHONE, masked: false });
      for (const caller of [auditor, supervisor]) await expect(sut.get(caller, id)).resolves.toMatchObject({ idNumber: '410102********1230', phone: '138****5678', masked: true });
      await expect(sut.get(neighbourOperator, id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.get(client, id)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });

    it('lists the residents of the caller’s subtree, by household', async () => {
      const { sut, place } = setup();
      const a = place(CODES.gridA);
      await sut.register(member, resident(a.id));
      await sut.register(communityOperator, resident(place(CODES.gridB).id, { idNumber: OTHER_ID_NUMBER, name: '李四' }));
      await sut.register(neighbourOperator, resident(place(CODES.neighbourGrid).id, { idNumber: '11010519491231002X', name: '王五' }));
      expect((await sut.list(communityOperator, {})).items.map((r) => r.name)).toEqual(['张三', '李四']);
      expect((await sut.list(communityOperator, { household: a.id })).items.map((r) => r.name)).toEqual(['张三']);
      expect((await sut.list(member, {})).items.map((r) => r.name)).toEqual(['张三']);
      expect((await sut.list(testCaller({ roles: [Role.GridMember] }), {})).total).toBe(0);
    });

    it('finds a resident by exact ID number or phone within the caller’s area, and asks for exactly one of them', async () => {
      const { sut, place } = setup();
      await sut.register(member, resident(place(CODES.gridA).id));
      await expect(sut.find(communityOperator, { idNumber: ID_NUMBER })).resolves.toMatchObject([{ name: '张三' }]);
      await expect(sut.find(communityOperator, { phone: PHONE })).resolves.toMatchObject([{ name: '张三' }]);
      await expect(sut.find(neighbourOperator, { idNumber: ID_NUMBER })).resolves.toEqual([]);
      await expect(sut.find(communityOperator, { idNumber: ID_NUMBER, phone: PHONE })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'idNumber' }] });
      await expect(sut.find(communityOperator, {})).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    });
  });
});
