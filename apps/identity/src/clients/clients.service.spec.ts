import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { ApiScope, IdentityEvents, Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { verifyPassword } from '../crypto/password';
import { ApiClient } from '../shared/entities';
import { ClientsService } from './clients.service';

const admin = testCaller({ roles: [Role.SystemAdmin] });

function setup() {
  const db = new InMemoryDb();
  const sut = new ClientsService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder);
  return { db, sut };
}

describe('ClientsService', () => {
  it('registers a client whose secret is shown once and kept only hashed; client.created carries no secret', async () => {
    const { db, sut } = setup();
    const created = await sut.create(admin, { name: '12345 hotline', scopes: [ApiScope.CasesWrite], nodeScope: '410102005' });
    expect(created).toMatchObject({ clientId: expect.stringMatching(/^cg-/), name: '12345 hotline', scopes: [ApiScope.CasesWrite], nodeScope: '410102005', disabled: false });
    const [stored] = db.rows(ApiClient);
    expect(stored!.secretHash).not.toContain(created.clientSecret);
    await expect(verifyPassword(created.clientSecret, stored!.secretHash)).resolves.toBe(true);
    expect(db.events).toMatchObject([{ type: IdentityEvents.clientCreated.type, subject: created.id, data: { clientId: created.clientId, createdBy: admin.id } }]);
    expect(JSON.stringify(db.events)).not.toContain(created.clientSecret);
    const [listed] = (await sut.list(admin, {})).items;
    expect(listed).not.toHaveProperty('clientSecret');
  });

  it('is the system administrator’s alone: operators, and an admin role bound to a node, get 403', async () => {
    const { db, sut } = setup();
    for (const caller of [testCaller({ roles: [Role.CityOperator], nodeScope: '410100' }), testCaller({ roles: [Role.SystemAdmin], nodeScope: '410100' })]) {
      await expect(sut.create(caller, { name: 'x', scopes: [ApiScope.CasesRead] })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.list(caller, {})).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    }
    expect(db.rows(ApiClient)).toEqual([]);
  });

  it('disables a client once, with client.disabled; an unknown one is 404', async () => {
    const { db, sut } = setup();
    const [client] = db.insert(ApiClient, { id: randomUUID(), clientId: 'cg-x', secretHash: 'x', name: 'x', scopes: [], nodeScope: null, createdBy: admin.id });
    await expect(sut.disable(admin, client!.id)).resolves.toMatchObject({ disabled: true });
    await sut.disable(admin, client!.id);
    expect(db.eventsOf(IdentityEvents.clientDisabled.type)).toMatchObject([{ data: { clientId: 'cg-x', disabledBy: admin.id } }]);
    await expect(sut.disable(admin, randomUUID())).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
