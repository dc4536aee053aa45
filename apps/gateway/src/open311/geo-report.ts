/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the field lists of each response,
 * and rendering as JSON or XML. Field names are the specification's, snake_case.
 */
import { XMLBuilder } from 'fast-xml-parser';

export type Open311Format = 'json' | 'xml';

/** `GET services`: one service (a case category). */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** Whether `GET services/{code}` has attributes to fill in. */
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** `GET services/{code}`: the service definition. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Array<{
    variable: boolean;
    code: string;
    datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
    required: boolean;
    datatype_description: string;
    order: number;
    description: string;
    values?: Array<{ key: string; name: string }>;
  }>;
}

/** `GET requests`: one service request (a case). */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
  media_url: string;
}

/** `POST requests`: what was created. */
export interface Open311Created {
  service_request_id: string;
  service_notice: string;
  account_id: string;
}

/**
 * `GET servicerequestupdates`: one step of a request (the updates extension of GeoReport v2, as
 * FixMyStreet reads it). `status` uses the extension's values: `open`, `investigating`,
 * `in_progress`, `action_scheduled`, `fixed`, `closed`, `not_councils_responsibility`, `duplicate`.
 */
export interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string;
  media_url: string;
}

/** An error in the specification's format. */
export interface Open311Error {
  code: number;
  description: string;
}

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false, processEntities: true });

/** XML root and item element names per response. */
const XML_NAMES = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  updates: ['service_request_updates', 'request_update'],
  errors: ['errors', 'error'],
} as const;

/** Render a list response (`services`, `requests` or `errors`) as JSON or XML. */
export function renderList(kind: keyof typeof XML_NAMES, items: readonly object[], format: Open311Format): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(items), contentType: 'application/json; charset=utf-8' };
  const [root, item] = XML_NAMES[kind];
  return { body: `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: { [item]: items.map(xmlValues) } })}`, contentType: 'text/xml; charset=utf-8' };
}

/** Render a single object with a root element (`discovery`, `service_definition`). */
export function renderObject(root: string, value: object, format: Open311Format): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
  return { body: `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: xmlValues(value) })}`, contentType: 'text/xml; charset=utf-8' };
}

/** XML has no booleans or nulls: the specification writes `true`/`false` and empty elements. */
function xmlValues(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) out[k] = '';
    else if (typeof v === 'boolean') out[k] = v ? 'true' : 'false';
    else if (Array.isArray(v)) out[k] = v.map((x: unknown) => (typeof x === 'object' && x !== null ? xmlValues(x) : x));
    else if (typeof v === 'object') out[k] = xmlValues(v as object);
    else out[k] = v;
  }
  return out;
}
