import { CloudEvent, HTTP } from 'cloudevents';
import { defineEvent } from '@citygrid/contracts';
import { buildCloudEvent, encodeCloudEvent, parseCloudEvent } from './cloudevent';
import { PoisonMessageError } from './errors';

const gridCreated = defineEvent<{ gridId: string; level: number }>({
  service: 'grid-registry',
  aggregate: 'grid',
  event: 'created',
  version: 1,
  summary: 'A grid was created.',
  schema: { type: 'object' },
});

describe('buildCloudEvent', () => {
  it('builds a CloudEvents 1.0 envelope the reference SDK accepts', () => {
    const event = buildCloudEvent(gridCreated, { subject: 'g-1', data: { gridId: 'g-1', level: 3 }, correlationId: 'req-9' });
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/citygrid/grid-registry',
      type: 'citygrid.grid.created.v1',
      subject: 'g-1',
      datacontenttype: 'application/json',
      correlationid: 'req-9',
      data: { gridId: 'g-1', level: 3 },
    });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(event.time).toISOString()).toBe(event.time);

    // the constructor validates strictly and throws on a bad attribute
    const sdk = new CloudEvent({ ...event });
    expect(sdk.validate()).toBe(true);
    expect(sdk.correlationid).toBe('req-9');

    // structured mode round trip: what the SDK serialises, we parse, and vice versa
    const message = HTTP.structured(sdk);
    expect(parseCloudEvent(String(message.body))).toEqual(event);
    const back = HTTP.toEvent({ headers: { 'content-type': 'application/cloudevents+json' }, body: Buffer.from(encodeCloudEvent(event)).toString() });
    expect((Array.isArray(back) ? back[0] : back).id).toBe(event.id);
  });

  it('omits correlationid when none is given and honours id, time and source', () => {
    const id = '7c3c1f43-6f0e-4c37-9d59-0b5e4f3b9a11';
    const event = buildCloudEvent(gridCreated, { subject: 'g-2', data: { gridId: 'g-2', level: 1 }, id, time: new Date('2024-05-01T08:00:00Z') }, '/citygrid/test');
    expect('correlationid' in event).toBe(false);
    expect(event.id).toBe(id);
    expect(event.time).toBe('2024-05-01T08:00:00.000Z');
    expect(event.source).toBe('/citygrid/test');
    expect(new CloudEvent({ ...event }).validate()).toBe(true);
  });
});

describe('parseCloudEvent', () => {
  const valid = buildCloudEvent(gridCreated, { subject: 'g-1', data: { gridId: 'g-1', level: 3 } });

  it('returns the event from bytes', () => {
    expect(parseCloudEvent(encodeCloudEvent(valid))).toEqual(valid);
  });

  it.each([
    ['not JSON', 'nope {'],
    ['an array', '[]'],
    ['wrong specversion', JSON.stringify({ ...valid, specversion: '0.3' })],
    ['missing type', JSON.stringify({ ...valid, type: undefined })],
    ['empty source', JSON.stringify({ ...valid, source: '' })],
    ['non-UUID id', JSON.stringify({ ...valid, id: 'abc' })],
    ['bad time', JSON.stringify({ ...valid, time: 'yesterday' })],
    ['missing data', JSON.stringify({ ...valid, data: undefined })],
    ['xml content', JSON.stringify({ ...valid, datacontenttype: 'application/xml' })],
  ])('refuses %s with PoisonMessageError carrying the raw body', (_case, body) => {
    let caught: unknown;
    try {
      parseCloudEvent(Buffer.from(body));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PoisonMessageError);
    expect((caught as PoisonMessageError).raw).toBe(body);
  });
});
