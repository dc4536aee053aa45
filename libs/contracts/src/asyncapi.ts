import { EVENT_CATALOGUE, validateCatalogue } from './catalogue';
import type { EventDefinition, JsonSchema } from './common/cloudevent';
import { CORRELATION_HEADER } from './common/rpc';

/**
 * The AsyncAPI 3.0.0 description of CityGrid's domain events, generated from the event
 * catalogue. `npm run asyncapi` writes it to `docs/asyncapi.yaml`; a test keeps the two equal.
 */

/** A JSON Schema / AsyncAPI Schema Object (draft-07 superset), as plain data. */
export type AsyncApiSchema = Record<string, unknown>;

/** A JSON Reference. */
export interface AsyncApiRef {
  $ref: string;
}

/** A Tag Object. */
export interface AsyncApiTag {
  name: string;
  description?: string;
}

/** A Server Object. */
export interface AsyncApiServer {
  host: string;
  protocol: string;
  protocolVersion?: string;
  description?: string;
  security?: AsyncApiRef[];
}

/** A Security Scheme Object. */
export interface AsyncApiSecurityScheme {
  type: 'userPassword' | 'X509' | 'httpApiKey';
  description?: string;
}

/** A Message Example Object. */
export interface AsyncApiMessageExample {
  name: string;
  summary?: string;
  headers?: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** A Channel Object (with `x-citygrid-*` extensions). */
export interface AsyncApiChannel {
  address: string;
  title: string;
  summary?: string;
  description?: string;
  messages: Record<string, AsyncApiRef>;
  tags?: AsyncApiTag[];
  'x-citygrid-stream': string;
  'x-citygrid-service': string;
}

/** An Operation Object. */
export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: AsyncApiRef;
  title?: string;
  summary?: string;
  messages: AsyncApiRef[];
  tags?: AsyncApiTag[];
}

/** A Message Object (with `x-citygrid-*` extensions). */
export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  description?: string;
  contentType: string;
  headers: AsyncApiRef;
  payload: AsyncApiSchema;
  correlationId: AsyncApiRef;
  tags?: AsyncApiTag[];
  examples: AsyncApiMessageExample[];
  'x-citygrid-subject': string;
  'x-citygrid-version': number;
  'x-citygrid-superseded-by'?: string;
}

/** A Correlation ID Object. */
export interface AsyncApiCorrelationId {
  description?: string;
  location: string;
}

/** The document `buildAsyncApiDocument` returns. */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  id: string;
  info: {
    title: string;
    version: string;
    description: string;
    tags: AsyncApiTag[];
    externalDocs?: { description?: string; url: string };
  };
  defaultContentType: string;
  servers: Record<string, AsyncApiServer>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: {
    schemas: Record<string, AsyncApiSchema>;
    messages: Record<string, AsyncApiMessage>;
    correlationIds: Record<string, AsyncApiCorrelationId>;
    securitySchemes: Record<string, AsyncApiSecurityScheme>;
  };
}

/** Options of {@link buildAsyncApiDocument}. */
export interface AsyncApiOptions {
  /** `info.version`, the version of the document; default {@link ASYNCAPI_DOCUMENT_VERSION}. */
  version?: string;
  /** Host (`host:port`) of the `production` server; default `nats.citygrid.local:4222`. */
  serverHost?: string;
}

/**
 * Version of the published document. Bump the minor version when events are added or gain
 * optional fields, the patch version for wording; a breaking change never changes an existing
 * message: it adds a new `type` version instead.
 */
export const ASYNCAPI_DOCUMENT_VERSION = '1.0.0';
/** The JetStream stream that captures `citygrid.>`. */
export const EVENT_STREAM_NAME = 'CITYGRID';
/** Content type of a CloudEvents structured-mode JSON message. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

const DEFAULT_SERVER_HOST = 'nats.citygrid.local:4222';
const ENVELOPE = 'CloudEventEnvelope';
const HEADERS = 'NatsHeaders';
const CORRELATION = 'correlationid';
const SECURITY = 'natsUser';

const DESCRIPTION = `Domain events published by the CityGrid grid-management platform. They are a public, versioned contract for other city systems.

## Envelope
Every message is a [CloudEvents 1.0](https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md) event in **structured JSON mode**: the message body is the whole event (\`specversion\`, \`id\`, \`source\`, \`type\`, \`subject\`, \`time\`, \`datacontenttype\`, \`data\`, optional \`correlationid\` extension), see the \`${ENVELOPE}\` schema. \`source\` is \`/citygrid/<service>\`, \`type\` is \`citygrid.<aggregate>.<event>.v<N>\`, \`subject\` is the id of the aggregate the event is about, and \`data\` is described per message.

## Delivery
Events are published to **NATS JetStream**. Subjects are \`citygrid.<service>.<aggregate>.<event>\` (the channel addresses below) and the stream \`${EVENT_STREAM_NAME}\` captures \`citygrid.>\`. Consume with a durable JetStream consumer on the stream, filtered by the subjects you need, with explicit acks.

Each consuming system gets a NATS user of its own (\`npm run nats:consumer -- <system>\`, run by the deployment's operators): it may read the stream only through the durable consumers \`<system>\` (live) and \`<system>-replay\` (replay from a time or sequence), and must connect with the inbox prefix \`_INBOX_<system>\`. The step-by-step recipe, tested against a real server, is \`docs/consuming-events.md\` in the CityGrid repository.

Each service writes its events to a transactional outbox in the same database transaction as the state change and a relay publishes them to the stream in the order they were written, so no event is lost. Delivery is **at-least-once**: the same event may arrive more than once. Deduplicate by the CloudEvent \`id\` (a UUID), which is also the \`Nats-Msg-Id\` header of the message (JetStream also drops re-publications within its duplicate window). The \`correlationid\` attribute (and the \`${CORRELATION_HEADER}\` header) carries the request id of the HTTP request that caused the event, when there was one.

## Versioning
The version is part of \`type\` (\`.vN\`). Adding events or optional \`data\` fields is not breaking: consumers must ignore attributes and fields they do not know. A breaking change gets a new type version \`.vN+1\`, published on the same subject **alongside** the old version for a deprecation period before the old one is retired; consumers select the version they understand by \`type\`. A superseded message is marked with \`x-citygrid-superseded-by\`.

## Subject prefix
A deployment may set \`NATS_SUBJECT_PREFIX\` so that several isolated CityGrid instances can share one NATS server. Every subject then gets that prefix (\`<prefix>.citygrid.<service>.<aggregate>.<event>\`, stream subjects \`<prefix>.citygrid.>\`); the addresses in this document are without prefix. Ask the operators of your deployment whether one is set.`;

/**
 * Build the AsyncAPI 3.0.0 document describing the events of a catalogue.
 *
 * One channel per NATS subject (address = subject): the versions of an event share their subject,
 * so a channel carries one message per `type` version. One `send` operation per channel (AsyncAPI 3
 * operations are from the application's view: CityGrid sends). Each message payload is the
 * CloudEvents envelope with `type` and `source` fixed and `data` the event's JSON schema.
 *
 * @param catalogue the events to describe; default all of CityGrid's
 * @param opts document version and server host
 * @returns a plain JSON-compatible object
 * @throws Error when the catalogue breaks the naming or uniqueness rules
 */
export function buildAsyncApiDocument(catalogue: readonly EventDefinition[] = EVENT_CATALOGUE, opts: AsyncApiOptions = {}): AsyncApiDocument {
  const problems = validateCatalogue(catalogue);
  if (problems.length) throw new Error(`invalid event catalogue:\n${problems.join('\n')}`);

  // group the versions of one event by subject, in catalogue order
  const bySubject = new Map<string, EventDefinition[]>();
  for (const def of catalogue) {
    const group = bySubject.get(def.subject) ?? [];
    group.push(def);
    bySubject.set(def.subject, group);
  }

  const services = [...new Set(catalogue.map((def) => def.service))];
  const doc: AsyncApiDocument = {
    asyncapi: '3.0.0',
    id: 'urn:citygrid:events',
    info: {
      title: 'CityGrid events',
      version: opts.version ?? ASYNCAPI_DOCUMENT_VERSION,
      description: DESCRIPTION,
      tags: services.map((service) => ({ name: service, description: `Events published by the ${service} service.` })),
      externalDocs: {
        description: 'CloudEvents 1.0 specification',
        url: 'https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md',
      },
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      production: {
        host: opts.serverHost ?? DEFAULT_SERVER_HOST,
        protocol: 'nats',
        protocolVersion: '2.9',
        description: `NATS with JetStream; the events are on stream ${EVENT_STREAM_NAME}.`,
        security: [{ $ref: `#/components/securitySchemes/${SECURITY}` }],
      },
    },
    channels: {},
    operations: {},
    components: {
      schemas: { [ENVELOPE]: envelopeSchema(), [HEADERS]: headersSchema() },
      messages: {},
      correlationIds: {
        [CORRELATION]: {
          description: `Request id of the HTTP request that caused the event (also the \`${CORRELATION_HEADER}\` header); absent for events without one.`,
          location: '$message.payload#/correlationid',
        },
      },
      securitySchemes: {
        [SECURITY]: {
          type: 'userPassword',
          description:
            'A NATS user and password per consuming system, issued by the deployment (`npm run nats:consumer -- <system>`). It may read the stream through its durable consumers `<system>` and `<system>-replay` only and receive replies only on the inbox prefix `_INBOX_<system>`.',
        },
      },
    },
  };

  for (const [subject, defs] of bySubject) {
    const versions = [...defs].sort((a, b) => a.version - b.version);
    const latest = versions[versions.length - 1];
    const channelKey = channelKeyOf(subject);
    const operationKey = `send${channelKey.charAt(0).toUpperCase()}${channelKey.slice(1)}`;
    const tags = [{ name: latest.service }];

    doc.channels[channelKey] = {
      address: subject,
      title: `${latest.service}: ${latest.aggregate} ${eventNameOf(latest)}`,
      summary: latest.summary,
      description: `Versions on this subject: ${versions.map((def) => `\`${def.type}\``).join(', ')}.`,
      messages: Object.fromEntries(versions.map((def) => [def.type, { $ref: `#/components/messages/${def.type}` }])),
      tags,
      'x-citygrid-stream': EVENT_STREAM_NAME,
      'x-citygrid-service': latest.service,
    };
    doc.operations[operationKey] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelKey}` },
      title: `${latest.service} publishes ${latest.aggregate} ${eventNameOf(latest)}`,
      summary: latest.summary,
      messages: versions.map((def) => ({ $ref: `#/channels/${channelKey}/messages/${def.type}` })),
      tags,
    };
    for (const def of versions) {
      doc.components.schemas[def.type] = { ...structuredClone(def.schema) };
      const message: AsyncApiMessage = {
        name: def.type,
        title: `${capitalise(def.aggregate)} ${eventNameOf(def)} v${def.version}`,
        summary: def.summary,
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        headers: { $ref: `#/components/schemas/${HEADERS}` },
        payload: messagePayload(def),
        correlationId: { $ref: `#/components/correlationIds/${CORRELATION}` },
        tags,
        examples: [messageExample(def)],
        'x-citygrid-subject': def.subject,
        'x-citygrid-version': def.version,
      };
      if (def !== latest) {
        message.description = `Deprecated: superseded by \`${latest.type}\`, published alongside it until this version is retired.`;
        message['x-citygrid-superseded-by'] = latest.type;
      }
      doc.components.messages[def.type] = message;
    }
  }
  return doc;
}

/** `citygrid.grid-registry.grid.created` → `gridRegistryGridCreated`. */
function channelKeyOf(subject: string): string {
  const words = subject.replace(/^citygrid\./, '').split(/[.-]/);
  return words.map((w, i) => (i === 0 ? w : capitalise(w))).join('');
}

/** The event name (last subject segment), e.g. `created`. */
function eventNameOf(def: EventDefinition): string {
  return def.subject.slice(def.subject.lastIndexOf('.') + 1);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function messagePayload(def: EventDefinition): AsyncApiSchema {
  return {
    allOf: [
      { $ref: `#/components/schemas/${ENVELOPE}` },
      {
        type: 'object',
        properties: {
          type: { type: 'string', const: def.type },
          source: { type: 'string', const: `/citygrid/${def.service}` },
          data: { $ref: `#/components/schemas/${def.type}` },
        },
      },
    ],
  };
}

/** Fixed values the examples use, so the document is the same on every run. */
const EXAMPLE_ID = '3f6c2a1e-8b4d-4c1a-9e2f-5d7b8a9c0e11';
const EXAMPLE_TIME = '2026-11-25T08:30:00.000Z';

/** A typical value per string format. */
const STRING_EXAMPLES: Record<string, string> = {
  uuid: '9b2e4c6a-1d3f-4a5b-8c7d-0e1f2a3b4c5d',
  'date-time': EXAMPLE_TIME,
  date: EXAMPLE_TIME.slice(0, 10),
  email: 'someone@example.org',
  uri: 'https://citygrid.example.org/',
};

/** A complete, valid message of `def`: the envelope with `data` built from the event's schema. */
function messageExample(def: EventDefinition): AsyncApiMessageExample {
  return {
    name: `${def.aggregate}-${eventNameOf(def)}-v${def.version}`,
    summary: `A \`${def.type}\` event as it arrives (values are illustrative).`,
    headers: { 'Nats-Msg-Id': EXAMPLE_ID, [CORRELATION_HEADER]: '5e8d1c2b-7a4f-4e3d-9b6a-1c2d3e4f5a6b' },
    payload: {
      specversion: '1.0',
      id: EXAMPLE_ID,
      source: `/citygrid/${def.service}`,
      type: def.type,
      subject: '9b2e4c6a-1d3f-4a5b-8c7d-0e1f2a3b4c5d',
      time: EXAMPLE_TIME,
      datacontenttype: 'application/json',
      correlationid: '5e8d1c2b-7a4f-4e3d-9b6a-1c2d3e4f5a6b',
      data: exampleOf(def.schema),
    },
  };
}

/**
 * A value that satisfies `schema`: every property (optional ones too, so a reader sees them all),
 * the first of an enum or of a `oneOf`, the first non-null type, and a typical value per format.
 */
export function exampleOf(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum.find((v) => v !== null) ?? null;
  if (schema.oneOf?.length) return exampleOf(schema.oneOf[0]);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : types[0]);
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, prop]) => [key, exampleOf(prop)]));
    case 'array':
      return schema.items ? [exampleOf(schema.items)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return STRING_EXAMPLES[schema.format ?? ''] ?? 'text';
    default:
      return null;
  }
}

function envelopeSchema(): AsyncApiSchema {
  return {
    type: 'object',
    description: 'CloudEvents 1.0 envelope in structured JSON mode, as every CityGrid event is published. Unknown (extension) attributes may appear and must be ignored.',
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0', description: 'CloudEvents version, always `1.0`.' },
      id: {
        type: 'string',
        format: 'uuid',
        description: 'Event id (UUID v4); also the `Nats-Msg-Id` header. Deduplicate by it: delivery is at-least-once.',
      },
      source: {
        type: 'string',
        format: 'uri-reference',
        pattern: '^/citygrid/[a-z][a-z0-9-]*$',
        description: 'The emitting service, `/citygrid/<service>`, e.g. `/citygrid/grid-registry`.',
      },
      type: {
        type: 'string',
        pattern: '^citygrid\\.[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*\\.v[1-9][0-9]*$',
        description: 'Versioned event type, `citygrid.<aggregate>.<event>.v<N>`; fixes the shape of `data`.',
      },
      subject: { type: 'string', minLength: 1, description: 'Id of the aggregate the event is about (e.g. the grid node id).' },
      time: { type: 'string', format: 'date-time', description: 'When the state change happened, UTC ISO-8601.' },
      datacontenttype: { type: 'string', const: 'application/json', description: 'Always `application/json`.' },
      dataschema: { type: 'string', format: 'uri', description: 'URI of the schema of `data`, when set.' },
      correlationid: {
        type: 'string',
        description: `Extension attribute: request id (\`${CORRELATION_HEADER}\`) of the HTTP request that caused the event; absent when there was none.`,
      },
      data: { description: 'The event payload; its schema is fixed by `type`.' },
    },
  };
}

function headersSchema(): AsyncApiSchema {
  return {
    type: 'object',
    description: 'NATS message headers set by the publisher.',
    required: ['Nats-Msg-Id'],
    properties: {
      'Nats-Msg-Id': {
        type: 'string',
        format: 'uuid',
        description: 'Equal to the CloudEvent `id`; JetStream drops duplicates within its window.',
      },
      [CORRELATION_HEADER]: { type: 'string', description: 'Equal to the `correlationid` attribute, when present.' },
    },
  };
}
