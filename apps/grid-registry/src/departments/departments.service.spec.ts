import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { DepartmentKind, GridRegistryEvents, type CreateDepartmentDto } from '@citygrid/contracts/grid-registry';
import { Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { CODES, plantTree } from '../../test/fixtures';
import { Department } from './department.entity';
import { DepartmentsService } from './departments.service';

const admin = testCaller({ roles: [Role.SystemAdmin] });
const subdistrictOperator = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: CODES.subdistrict });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.community });
const police = testCaller({ roles: [Role.DepartmentOfficer], nodeScope: CODES.subdistrict, departmentCode: 'lsz-police' });

function setup() {
  const db = new InMemoryDb();
  plantTree(db);
  const sut = new DepartmentsService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder);
  const department = (code: string, servesNodeCodes: string[], kind = DepartmentKind.Police): Department =>
    db.insert(Department, { id: randomUUID(), code, name: `${code} 所`, kind, servesNodeCodes })[0]!;
  return { db, sut, department };
}

const dto = (over: Partial<CreateDepartmentDto> = {}): CreateDepartmentDto => ({ code: 'lsz-cm', name: '城管中队', kind: DepartmentKind.CityManagement, servesNodeCodes: [CODES.community], ...over });

describe('DepartmentsService', () => {
  describe('create', () => {
    it('creates a department serving nodes of the operator’s area and records department.created', async () => {
      const { db, sut } = setup();
      const view = await sut.create(communityOperator, dto({ servesNodeCodes: [CODES.gridA, CODES.gridB, CODES.gridA] }));
      expect(view).toMatchObject({ code: 'lsz-cm', servesNodeCodes: [CODES.gridA, CODES.gridB] });
      expect(db.events).toMatchObject([{ type: GridRegistryEvents.departmentCreated.type, subject: view.id, data: { code: 'lsz-cm', servesNodeCodes: [CODES.gridA, CODES.gridB] } }]);
    });

    it('names each served node it does not know, or that lies outside the operator’s area, alike (422)', async () => {
      const { db, sut } = setup();
      await expect(sut.create(communityOperator, dto({ servesNodeCodes: [CODES.gridA, CODES.neighbourGrid, '4101020050019999'] }))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [
          { field: 'servesNodeCodes[1]', reason: `unknown node ${CODES.neighbourGrid}` },
          { field: 'servesNodeCodes[2]', reason: 'unknown node 4101020050019999' },
        ],
      });
      expect(db.rows(Department)).toEqual([]);
    });

    it('refuses a taken code (409 naming code) and callers who are no operators (403)', async () => {
      const { sut, department } = setup();
      department('lsz-cm', [CODES.subdistrict]);
      await expect(sut.create(communityOperator, dto())).rejects.toMatchObject({ code: ErrorCode.Conflict, errors: [{ field: 'code', reason: 'duplicate code lsz-cm' }] });
      await expect(sut.create(police, dto({ code: 'lsz-x' }))).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });
  });

  describe('who sees which', () => {
    it('shows an operator the departments serving her node, a node above it or one below it; not one serving only another community', async () => {
      const { sut, department } = setup();
      const above = department('lsz-police', [CODES.subdistrict]);
      const below = department('lsz-cm', [CODES.gridB], DepartmentKind.CityManagement);
      const beside = department('lsz-market', [CODES.neighbour], DepartmentKind.MarketRegulation);
      expect((await sut.list(communityOperator, {})).items.map((d) => d.code)).toEqual(['lsz-cm', 'lsz-police']);
      await expect(sut.get(communityOperator, above.id)).resolves.toMatchObject({ code: 'lsz-police' });
      await expect(sut.byCode(communityOperator, below.code)).resolves.toMatchObject({ code: 'lsz-cm' });
      await expect(sut.get(communityOperator, beside.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.byCode(communityOperator, 'lsz-market')).rejects.toMatchObject({ code: ErrorCode.NotFound });
      expect((await sut.list(subdistrictOperator, {})).total).toBe(3);
      expect((await sut.list(admin, {})).total).toBe(3);
    });

    it('shows a department officer only the officer’s own department', async () => {
      const { sut, department } = setup();
      department('lsz-police', [CODES.subdistrict]);
      const other = department('lsz-cm', [CODES.subdistrict], DepartmentKind.CityManagement);
      expect((await sut.list(police, {})).items.map((d) => d.code)).toEqual(['lsz-police']);
      await expect(sut.get(police, other.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it('narrows a list to the departments serving a subtree, its nodes above or below', async () => {
      const { sut, department } = setup();
      department('lsz-police', [CODES.subdistrict]);
      department('lsz-cm', [CODES.gridB], DepartmentKind.CityManagement);
      department('lsz-market', [CODES.neighbour], DepartmentKind.MarketRegulation);
      expect((await sut.list(subdistrictOperator, { under: CODES.neighbour })).items.map((d) => d.code)).toEqual(['lsz-market', 'lsz-police']);
      expect((await sut.list(subdistrictOperator, { under: CODES.gridA })).items.map((d) => d.code)).toEqual(['lsz-police']);
    });
  });
});
