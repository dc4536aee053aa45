import { ErrorCode } from '@citygrid/contracts';
import { DeadLetter, DeadLetterNotFoundError, PoisonMessageError, ReplayFailedError, UnknownConsumerError } from '@citygrid/messaging';

import { replayError, toDeadLetterView } from './dead-letters.controller';
import { ServiceError } from './service-error';

const assigned = {
  specversion: '1.0' as const,
  id: '0b8f3f0e-1380-4a4b-9d8e-1381234567ab',
  source: '/citygrid/grid-registry',
  type: 'citygrid.staff.assigned.v1',
  subject: '5d7a2c1e-0000-4000-8000-000000000001',
  time: '2026-12-01T08:30:00.000Z',
  datacontenttype: 'application/json' as const,
  correlationid: 'req-1',
  data: { staffId: '5d7a2c1e-0000-4000-8000-000000000001', staffName: '王芳', nodeCode: '4101020050010101', role: 'grid_member', phone: '13812345678' },
};

describe('toDeadLetterView', () => {
  it('shows the event with the staff name and phone masked, ids and codes as they are', () => {
    const row = new DeadLetter({
      consumer: 'identity',
      subject: 'ns.citygrid.grid-registry.staff.assigned',
      event: assigned,
      error: 'staff linked to two accounts; resident 13912345678',
      deliveries: 5,
    });
    const sut = toDeadLetterView(row);
    expect(sut).toMatchObject({
      id: row.id,
      consumer: 'identity',
      eventId: assigned.id,
      type: assigned.type,
      poison: false,
      error: 'staff linked to two accounts; resident 139****5678',
      deliveries: 5,
      replayedAt: null,
      event: { id: assigned.id, type: assigned.type, subject: assigned.subject, correlationid: 'req-1', data: { ...assigned.data, staffName: '王*', phone: '138****5678' } },
    });
    expect(JSON.stringify(sut)).not.toContain('王芳');
  });

  it('shows nothing of a poison message body', () => {
    const sut = toDeadLetterView(new DeadLetter({ consumer: 'identity', subject: 's', event: '{"name":"王芳"', error: 'not JSON', deliveries: 1 }));
    expect(sut).toMatchObject({ poison: true, event: null, eventId: null, type: null });
    expect(JSON.stringify(sut)).not.toContain('王芳');
  });
});

describe('replayError', () => {
  const codeOf = (err: unknown) => (err as ServiceError).code;

  it('answers 404 for an unknown letter, 422 for one that can never be replayed', () => {
    expect(codeOf(replayError(new DeadLetterNotFoundError('x')))).toBe(ErrorCode.NotFound);
    expect(codeOf(replayError(new PoisonMessageError('bad', 'raw')))).toBe(ErrorCode.Unprocessable);
    expect(codeOf(replayError(new UnknownConsumerError('gone')))).toBe(ErrorCode.Unprocessable);
  });

  it('answers 409 with the masked reason when the handler still fails, and passes a 503 on', () => {
    const sut = replayError(new ReplayFailedError('id', new Error('account of 13812345678 refused'))) as ServiceError;
    expect(sut.code).toBe(ErrorCode.Conflict);
    expect(sut.detail).toContain('138****5678');
    expect(sut.detail).not.toContain('13812345678');
    const late = new ServiceError(ErrorCode.Unavailable, 'out of time');
    expect(replayError(new ReplayFailedError('id', late))).toBe(late);
  });
});
