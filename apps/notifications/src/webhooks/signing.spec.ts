import { createHmac } from 'node:crypto';

import { backoffMs, classify, retryAfterMs } from './webhook.worker';
import { signWebhook, verifyWebhook, webhookRequest } from './signing';

describe('webhook signing and retries', () => {
  // the Standard Webhooks reference vector
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const ts = 1614265330;
  const body = '{"test": 2432232314}';

  it('signs id.timestamp.body with the decoded secret, as Standard Webhooks does', () => {
    expect(signWebhook(secret, id, ts, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(verifyWebhook(secret, id, ts, body, `v1,bm9wZQ== ${signWebhook(secret, id, ts, body)}`)).toBe(true);
    expect(verifyWebhook(secret, id, ts, `${body} `, signWebhook(secret, id, ts, body))).toBe(false);
  });

  it('puts a CloudEvent on the wire in structured or binary mode, signing the body sent', () => {
    const event = {
      specversion: '1.0',
      id: 'e1',
      source: '/citygrid/ticketing',
      type: 'citygrid.case.filed.v1',
      subject: 'c1',
      time: '2026-12-01T00:00:00Z',
      datacontenttype: 'application/json',
      data: { a: '网格' },
    };
    const s = webhookRequest(event, 'structured', secret, 'd1', ts);
    expect(JSON.parse(s.body)).toEqual(event);
    expect(s.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    const b = webhookRequest({ ...event, correlationid: 'a b' }, 'binary', secret, 'd1', ts);
    expect(JSON.parse(b.body)).toEqual({ a: '网格' });
    expect(b.headers).toMatchObject({
      'content-type': 'application/json',
      'ce-id': 'e1',
      'ce-type': 'citygrid.case.filed.v1',
      'ce-specversion': '1.0',
      'ce-correlationid': 'a%20b',
      'webhook-id': 'd1',
      'webhook-timestamp': String(ts),
    });
    const key = Buffer.from(secret.slice(6), 'base64');
    expect(b.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(`d1.${ts}.${b.body}`).digest('base64')}`);
  });

  it('retries network trouble, 5xx, 408 and 429 only, with a growing jittered wait or the Retry-After', () => {
    expect([200, 204, 299].map((s) => classify(s).ok)).toEqual([true, true, true]);
    expect([500, 503, 408, 429].map((s) => classify(s).retryable)).toEqual([true, true, true, true]);
    expect([301, 400, 401, 404, 410, 422].map((s) => classify(s).retryable)).toEqual([false, false, false, false, false, false]);
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffMs(40, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
