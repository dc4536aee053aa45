import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { buildAsyncApiDocument, type AsyncApiDocument } from './asyncapi';
import { EVENT_CATALOGUE, EVENT_SUBJECT_PATTERN, EVENT_TYPE_PATTERN, findEventByType, validateCatalogue } from './catalogue';
import { defineEvent, type EventDefinition } from './common/cloudevent';
import { GridRegistryEvents } from './grid-registry/events';

const COMMITTED = resolve(__dirname, '../../../docs/asyncapi.yaml');

/** Parse with the official parser; fail with the error diagnostics listed. */
async function parseStrict(doc: AsyncApiDocument) {
  const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
  const errors = diagnostics.filter((d: Diagnostic) => d.severity === DiagnosticSeverity.Error);
  const listed = errors.map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`).join('\n');
  expect(listed).toBe('');
  expect(document).toBeDefined();
  return { document: document!, diagnostics };
}

describe('event catalogue', () => {
  it('holds every grid-registry event', () => {
    for (const def of Object.values(GridRegistryEvents)) expect(EVENT_CATALOGUE).toContain(def);
  });

  it('follows the naming and uniqueness rules', () => {
    expect(validateCatalogue(EVENT_CATALOGUE)).toEqual([]);
    const types = EVENT_CATALOGUE.map((def) => def.type);
    expect(new Set(types).size).toBe(types.length);
    // a subject is shared only by versions of the same event
    const subjectVersions = EVENT_CATALOGUE.map((def) => `${def.subject}@${def.version}`);
    expect(new Set(subjectVersions).size).toBe(subjectVersions.length);
    for (const def of EVENT_CATALOGUE) {
      expect(def.type).toMatch(EVENT_TYPE_PATTERN);
      expect(def.subject).toMatch(EVENT_SUBJECT_PATTERN);
      expect(def.type).toBe(`citygrid.${def.aggregate}.${def.subject.split('.')[3]}.v${def.version}`);
      expect(def.subject.startsWith(`citygrid.${def.service}.${def.aggregate}.`)).toBe(true);
    }
  });

  it('reports broken rules', () => {
    const created = GridRegistryEvents.gridCreated;
    const bad: EventDefinition[] = [
      created,
      { ...created },
      { ...created, type: 'citygrid.grid.Created.v1', subject: 'citygrid.grid-registry.grid.created' },
      { ...created, type: 'citygrid.grid.made.v2', version: 2 },
      { ...created, type: 'citygrid.grid.created.v3', version: 3, subject: 'citygrid.ticketing.grid.created' },
      { ...created, type: 'citygrid.grid.created.v4', version: 4, schema: { type: 'object', properties: {}, required: ['id'] } },
    ];
    const problems = validateCatalogue(bad).join('\n');
    expect(problems).toContain('citygrid.grid.created.v1: duplicate type');
    expect(problems).toContain('already has a version 1');
    expect(problems).toContain('citygrid.grid.Created.v1: type does not match');
    expect(problems).toContain('citygrid.grid.made.v2: event name differs');
    expect(problems).toContain('citygrid.grid.created.v3: subject service ticketing is not grid-registry');
    expect(problems).toContain('citygrid.grid.created.v4: required field id is not in properties');
    expect(() => buildAsyncApiDocument(bad)).toThrow(/invalid event catalogue/);
  });

  it('finds definitions by type', () => {
    expect(findEventByType('citygrid.grid.created.v1')).toBe(GridRegistryEvents.gridCreated);
    expect(findEventByType('citygrid.grid.created.v99')).toBeUndefined();
  });
});

describe('AsyncAPI document', () => {
  const doc = buildAsyncApiDocument();

  it('is a valid AsyncAPI 3.0.0 document', async () => {
    const { document } = await parseStrict(doc);
    expect(document.version()).toBe('3.0.0');
    expect(document.info().title()).toBe('CityGrid events');
    expect(document.defaultContentType()).toBe('application/cloudevents+json');
    const server = document.servers().get('production')!;
    expect(server.host()).toBe('nats.citygrid.local:4222');
    expect(server.protocol()).toBe('nats');
    // a consuming system learns how it authenticates
    const [scheme] = server.security()[0].all();
    expect(scheme.scheme().type()).toBe('userPassword');
    expect(scheme.scheme().description()).toContain('npm run nats:consumer');
  }, 30_000);

  it('gives every message a complete example whose data satisfies the event schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const envelope = ajv.compile(doc.components.schemas['CloudEventEnvelope']);
    for (const def of EVENT_CATALOGUE) {
      const [example] = doc.components.messages[def.type].examples;
      expect(example.payload['type']).toBe(def.type);
      expect(example.payload['source']).toBe(`/citygrid/${def.service}`);
      expect(envelope(example.payload)).toBe(true);
      const data = ajv.compile(def.schema);
      if (!data(example.payload['data'])) throw new Error(`${def.type}: ${ajv.errorsText(data.errors)}`);
      // every property documented appears in the example, so a reader sees the whole shape
      expect(Object.keys(example.payload['data'] as object).sort()).toEqual(Object.keys(def.schema.properties ?? {}).sort());
    }
  });

  it('is checked by a parser that does report errors', async () => {
    const broken: AsyncApiDocument = structuredClone(doc);
    const [first] = Object.values(broken.operations);
    first.messages = [{ $ref: '#/channels/nowhere/messages/nothing' }];
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(true);

    // payload schemas are validated too (this goes through the parser's own ajv and ajv-errors)
    const badSchema: AsyncApiDocument = structuredClone(doc);
    badSchema.components.schemas['citygrid.grid.created.v1'] = { type: 'objekt' };
    const second = await new Parser().parse(JSON.stringify(badSchema));
    expect(second.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(true);
  }, 30_000);

  it('has a channel, a send operation and a message for every catalogue event', async () => {
    const { document } = await parseStrict(doc);
    for (const def of EVENT_CATALOGUE) {
      const channel = document
        .channels()
        .all()
        .find((c) => c.address() === def.subject);
      expect(channel).toBeDefined();
      const message = channel!
        .messages()
        .all()
        .find((m) => m.name() === def.type);
      expect(message).toBeDefined();
      expect(message!.contentType()).toBe('application/cloudevents+json');
      expect(message!.correlationId()?.location()).toBe('$message.payload#/correlationid');
      const sends = channel!
        .operations()
        .all()
        .filter((op) => op.action() === 'send');
      expect(sends).toHaveLength(1);
      expect(
        sends[0]
          .messages()
          .all()
          .map((m) => m.name()),
      ).toContain(def.type);
    }
    expect(
      document
        .operations()
        .all()
        .every((op) => op.action() === 'send'),
    ).toBe(true);
  }, 30_000);

  it('describes citygrid.grid.created.v1 on citygrid.grid-registry.grid.created', async () => {
    const { document } = await parseStrict(doc);
    const channels = document
      .channels()
      .all()
      .filter((c) =>
        c
          .messages()
          .all()
          .some((m) => m.name() === 'citygrid.grid.created.v1'),
      );
    expect(channels.map((c) => c.address())).toEqual(['citygrid.grid-registry.grid.created']);
    const message = channels[0]
      .messages()
      .all()
      .find((m) => m.name() === 'citygrid.grid.created.v1');
    expect(message).toBeDefined();

    // the payload, resolved: envelope + fixed type/source + the catalogue's data schema
    const payload = message!.payload()!.json() as Record<string, unknown>;
    const [envelope, fixed] = payload['allOf'] as Array<{ required?: string[]; properties: Record<string, Record<string, unknown>> }>;
    expect(envelope.required).toEqual(expect.arrayContaining(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data']));
    expect(fixed.properties['type']['const']).toBe('citygrid.grid.created.v1');
    expect(fixed.properties['source']['const']).toBe('/citygrid/grid-registry');
    expect(fixed.properties['data']['required']).toEqual(GridRegistryEvents.gridCreated.schema.required);
    expect(Object.keys(fixed.properties['data']['properties'] as object)).toEqual(Object.keys(GridRegistryEvents.gridCreated.schema.properties!));
  }, 30_000);

  it('puts the versions of one event on one channel, the older marked superseded', async () => {
    const created = GridRegistryEvents.gridCreated;
    const v2 = defineEvent({ ...created, event: 'created', version: 2, summary: 'v2 of created.' });
    const withV2 = buildAsyncApiDocument([...EVENT_CATALOGUE, v2], { version: '9.9.9', serverHost: 'nats.example:4222' });
    const { document } = await parseStrict(withV2);
    const channels = document
      .channels()
      .all()
      .filter((c) => c.address() === created.subject);
    expect(channels).toHaveLength(1);
    expect(
      channels[0]
        .messages()
        .all()
        .map((m) => m.name()),
    ).toEqual(['citygrid.grid.created.v1', 'citygrid.grid.created.v2']);
    expect(withV2.components.messages['citygrid.grid.created.v1']['x-citygrid-superseded-by']).toBe('citygrid.grid.created.v2');
    expect(withV2.components.messages['citygrid.grid.created.v2']['x-citygrid-superseded-by']).toBeUndefined();
    expect(document.info().version()).toBe('9.9.9');
    expect(document.servers().get('production')!.host()).toBe('nats.example:4222');
  }, 30_000);

  it('does not share objects with the catalogue', () => {
    const schema = doc.components.schemas['citygrid.grid.created.v1'];
    expect(schema).toEqual(GridRegistryEvents.gridCreated.schema);
    expect(schema).not.toBe(GridRegistryEvents.gridCreated.schema);
  });

  it('matches the committed docs/asyncapi.yaml', () => {
    const committed: unknown = parseYaml(readFileSync(COMMITTED, 'utf8'));
    const generated: unknown = JSON.parse(JSON.stringify(doc));
    if (JSON.stringify(committed) !== JSON.stringify(generated)) {
      throw new Error('docs/asyncapi.yaml is out of date with the event catalogue: run `npm run asyncapi` and commit the result');
    }
    expect(committed).toEqual(generated);
  });
});
