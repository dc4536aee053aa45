import { randomUUID } from 'node:crypto';
import { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { PoisonMessageError } from './errors';

/** What varies per event when building one from its definition. */
export interface BuildEventInput<T> {
  /** Id of the aggregate the event is about (CloudEvents `subject`). */
  subject: string;
  /** Payload, typed by the definition. */
  data: T;
  /** Correlation id of the causing request; becomes the `correlationid` extension. */
  correlationId?: string;
  /** Event id; default a new UUID v4. Only set it to re-emit a known event. */
  id?: string;
  /** When the state change happened; default now. */
  time?: Date | string;
}

/**
 * Build a CloudEvents 1.0 envelope for an event of the catalogue.
 *
 * @param def the event definition from `@citygrid/contracts`
 * @param input aggregate id, payload and optional correlation id / id / time
 * @param source CloudEvents `source`; default `/citygrid/<def.service>`
 */
export function buildCloudEvent<T>(def: EventDefinition<T>, input: BuildEventInput<T>, source = `/citygrid/${def.service}`): CityGridCloudEvent<T> {
  const time = input.time === undefined ? new Date() : input.time;
  const event: CityGridCloudEvent<T> = {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source,
    type: def.type,
    subject: input.subject,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: 'application/json',
    data: input.data,
  };
  // absent rather than undefined: the attribute is an extension, and consumers test for presence
  if (input.correlationId) event.correlationid = input.correlationId;
  return event;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUIRED_STRINGS = ['id', 'source', 'type', 'subject', 'time'] as const;

/**
 * Decode a structured-mode CloudEvent from a message body and check the attributes every
 * CityGrid event must have.
 *
 * @throws PoisonMessageError when the body is not JSON or not a valid CityGrid CloudEvent;
 *   retrying such a message can never succeed.
 */
export function parseCloudEvent<T = unknown>(bytes: Uint8Array | string): CityGridCloudEvent<T> {
  const raw = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new PoisonMessageError('message body is not JSON', raw);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PoisonMessageError('message body is not a JSON object', raw);
  }
  const obj = value as Record<string, unknown>;
  if (obj.specversion !== '1.0') throw new PoisonMessageError(`unsupported specversion ${String(obj.specversion)}`, raw);
  for (const key of REQUIRED_STRINGS) {
    const v = obj[key];
    if (typeof v !== 'string' || v.length === 0) throw new PoisonMessageError(`attribute ${key} missing or not a string`, raw);
  }
  // the id is also the inbox key (a uuid column), so anything else could never be recorded
  if (!UUID.test(obj.id as string)) throw new PoisonMessageError('attribute id is not a UUID', raw);
  if (Number.isNaN(Date.parse(obj.time as string))) throw new PoisonMessageError('attribute time is not a timestamp', raw);
  if (obj.datacontenttype !== undefined && obj.datacontenttype !== 'application/json') {
    throw new PoisonMessageError(`unsupported datacontenttype ${String(obj.datacontenttype)}`, raw);
  }
  if (!('data' in obj)) throw new PoisonMessageError('attribute data missing', raw);
  if (obj.correlationid !== undefined && typeof obj.correlationid !== 'string') {
    throw new PoisonMessageError('extension correlationid is not a string', raw);
  }
  return obj as unknown as CityGridCloudEvent<T>;
}

/** The JSON bytes published on the bus for an event (structured mode). */
export function encodeCloudEvent(event: CityGridCloudEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
