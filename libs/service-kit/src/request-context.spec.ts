import { Role, type Caller } from '@citygrid/contracts/identity';

import { assertWithinDeadline, currentAuthorization, currentCaller, currentCorrelationId, remainingMs, requireCaller, runAsCaller, runInContext, sanitizeCorrelationId } from './request-context';
import { ServiceError } from './service-error';

const caller: Caller = { kind: 'staff', id: 'a-1', name: '张三', roles: [Role.GridMember], nodeScope: '41010200500101', departmentCode: null, staffId: null, scopes: [] };

describe('request context', () => {
  it('accepts short printable correlation ids and refuses anything that could forge log lines', () => {
    expect(sanitizeCorrelationId('req-123_abc.def:1')).toBe('req-123_abc.def:1');
    expect(sanitizeCorrelationId('a\nfake log line')).toBeUndefined();
    expect(sanitizeCorrelationId('x'.repeat(129))).toBeUndefined();
    expect(sanitizeCorrelationId(42)).toBeUndefined();
  });

  it('is visible inside the run, across awaits, and gone outside it', async () => {
    await runInContext({ correlationId: 'outer-1', authorization: 'Bearer t' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(currentCorrelationId()).toBe('outer-1');
      expect(currentAuthorization()).toBe('Bearer t');
    });
    expect(currentCorrelationId()).toBeUndefined();
    runInContext({}, () => expect(currentCorrelationId()).toMatch(/^[0-9a-f-]{36}$/));
    runInContext({ correlationId: 'bad\nid' }, () => expect(currentCorrelationId()).toMatch(/^[0-9a-f-]{36}$/));
  });

  it('adds the verified caller to the current context without losing the rest', () => {
    expect(() => requireCaller()).toThrow(ServiceError);
    runInContext({ correlationId: 'c-1', authorization: 'Bearer t' }, () =>
      runAsCaller(caller, () => {
        expect(currentCaller()).toBe(caller);
        expect(requireCaller()).toBe(caller);
        expect(currentCorrelationId()).toBe('c-1');
        expect(currentAuthorization()).toBe('Bearer t');
      }),
    );
    expect(currentCaller()).toBeUndefined();
  });

  it('counts down to the deadline and refuses to go on once it has passed', async () => {
    runInContext({}, () => {
      expect(remainingMs()).toBeUndefined();
      expect(() => assertWithinDeadline()).not.toThrow();
    });
    await runInContext({ deadline: Date.now() + 30 }, async () => {
      expect(remainingMs()).toBeGreaterThan(0);
      expect(() => assertWithinDeadline()).not.toThrow();
      await new Promise((r) => setTimeout(r, 40));
      expect(remainingMs()).toBeLessThanOrEqual(0);
      expect(() => assertWithinDeadline()).toThrow(expect.objectContaining({ code: 'unavailable' }));
    });
  });
});
