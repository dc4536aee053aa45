import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC key of a `whsec_<base64>` secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

/** Standard Webhooks signature: `v1,` and base64 HMAC-SHA256 of `id.timestamp.body` with the secret's key. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Whether one of the space-separated signatures of `header` is the one of `id.timestamp.body` (constant-time compare). */
export function verifyWebhook(secret: string, id: string, timestamp: string | number, body: string, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, id, Number(timestamp), body));
  return header.split(' ').some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** One delivery on the wire: body and headers, CloudEvents structured or binary mode, signed. */
export function webhookRequest(
  event: Record<string, unknown>,
  mode: 'structured' | 'binary',
  secret: string,
  deliveryId: string,
  timestamp: number,
): { body: string; headers: Record<string, string> } {
  let body: string;
  const headers: Record<string, string> = { 'user-agent': 'CityGrid-Webhooks/1' };
  if (mode === 'binary') {
    body = JSON.stringify(event['data'] ?? null);
    headers['content-type'] = typeof event['datacontenttype'] === 'string' ? event['datacontenttype'] : 'application/json';
    for (const [name, value] of Object.entries(event)) {
      if (name === 'data' || name === 'datacontenttype' || value === undefined || value === null) continue;
      if (!/^[a-z0-9]{1,20}$/.test(name)) continue;
      // CloudEvents HTTP binding: header values percent-encode space, `"`, `%` and anything outside printable ASCII
      headers[`ce-${name}`] = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/[^\x21-\x7E]|["%]/gu, (c) => encodeURIComponent(c));
    }
  } else {
    body = JSON.stringify(event);
    headers['content-type'] = 'application/cloudevents+json; charset=utf-8';
  }
  headers['webhook-id'] = deliveryId;
  headers['webhook-timestamp'] = String(timestamp);
  headers['webhook-signature'] = signWebhook(secret, deliveryId, timestamp, body);
  return { body, headers };
}
