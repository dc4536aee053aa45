import { DeadLetterSource } from '@citygrid/contracts';
import { IdentityRpc } from '@citygrid/contracts/identity';
import { NotificationsRpc } from '@citygrid/contracts/notifications';
import { ReportingRpc } from '@citygrid/contracts/reporting';
import { fakeRpc } from '@citygrid/testing';

import { DeadLettersController } from './dead-letters.controller';

const ID = '6f1c1a40-3a57-4b8e-9a36-0d4c2f6f5f10';
const EMPTY = { items: [], total: 0, offset: 0, limit: 100 };

describe('dead letters at the gateway', () => {
  it.each([
    [undefined, IdentityRpc.deadLetterList, IdentityRpc.deadLetterReplay],
    [DeadLetterSource.Identity, IdentityRpc.deadLetterList, IdentityRpc.deadLetterReplay],
    [DeadLetterSource.Reporting, ReportingRpc.deadLetterList, ReportingRpc.deadLetterReplay],
    [DeadLetterSource.Notifications, NotificationsRpc.deadLetterList, NotificationsRpc.deadLetterReplay],
  ] as const)('asks the service named by source=%s for its own letters, without the source', async (source, list, replay) => {
    const answers = { [list]: () => EMPTY, [replay]: () => ({ applied: true }) };
    const fake = fakeRpc(answers as Parameters<typeof fakeRpc>[0]);
    const sut = new DeadLettersController(fake.client);
    await expect(sut.list({ ...(source ? { source } : {}), consumer: 'notifications-grid', includeReplayed: 'true' })).resolves.toEqual(EMPTY);
    await sut.replay(ID, source ? { source } : {});
    expect(fake.calls).toEqual([
      { pattern: list, payload: { consumer: 'notifications-grid', includeReplayed: 'true' } },
      { pattern: replay, payload: { id: ID } },
    ]);
  });
});
