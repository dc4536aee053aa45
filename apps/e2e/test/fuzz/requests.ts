/**
 * Requests for one operation as a fast-check arbitrary: valid ones (real ids and codes in the
 * path, bodies the service accepts) and ones with a single thing wrong: a path parameter, a query
 * parameter, a body field, the body as a whole, or how it is carried (content type, encoding,
 * size).
 */
import fc from 'fast-check';

import type { FuzzRequest } from './http';
import type { JsonSchema, Operation, Parameter } from './openapi';
import {
  hostileString,
  hostileValue,
  type Hints,
  type JsonLike,
  nearMissValue,
  pathLabel,
  percentEncode,
  RawJson,
  setAt,
  type Site,
  sitesOf,
  toJsonText,
  validObject,
  validValue,
  withKey,
} from './values';

/** What the fuzz knows is valid for one operation, from the fixtures it created. */
export interface OperationSeeds {
  /** Real values for each path parameter. */
  path: Readonly<Record<string, readonly string[]>>;
  /** Bodies the service accepts (the schema alone rarely yields one). */
  bodies?: readonly JsonLike[];
}

/** Query pairs: name, value, and whether the value is already percent-encoded. */
type Pairs = ReadonlyArray<readonly [string, string, boolean?]>;

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
const BOUNDARY = 'citygrid-fuzz-boundary';

/**
 * A body as multipart (`POST /api/v1/photos`): a field the schema calls binary is a file part
 * (a string given for it is sent as the bytes it encodes in base64), the others text fields.
 */
function toMultipart(value: JsonLike, schema: JsonSchema): Buffer {
  const parts: Buffer[] = [];
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value as Record<string, JsonLike>) : [];
  for (const [name, v] of entries) {
    const binary = schema.properties?.[name]?.format === 'binary';
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    const head = binary ? `Content-Disposition: form-data; name="${name}"; filename="upload.bin"\r\nContent-Type: application/octet-stream` : `Content-Disposition: form-data; name="${name}"`;
    parts.push(Buffer.from(`--${BOUNDARY}\r\n${head}\r\n\r\n`), binary ? Buffer.from(text, 'base64') : Buffer.from(text), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

const encodePairs = (pairs: Pairs): string => pairs.map(([k, v, raw]) => `${percentEncode(k)}=${raw ? v : percentEncode(v)}`).join('&');

/** A scalar as query or form text. */
function asText(v: JsonLike): string {
  if (v instanceof RawJson) return v.text;
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'object') return toJsonText(v);
  return String(v);
}

/** A JSON value as form pairs the way `qs` reads them back (`a[b][0]=c`). */
function formPairs(value: JsonLike, prefix = ''): Array<[string, string]> {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => formPairs(v, `${prefix}[${i}]`)) : [[`${prefix}[]`, '']];
  if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    const keys = Object.keys(value);
    if (!prefix) return keys.flatMap((k) => formPairs(value[k] as JsonLike, k));
    return keys.length ? keys.flatMap((k) => formPairs(value[k] as JsonLike, `${prefix}[${k}]`)) : [[prefix, '']];
  }
  return [[prefix || 'value', asText(value)]];
}

const toForm = (value: JsonLike): string => encodePairs(formPairs(value));

/** Path segments that are not ids or codes: broken encodings, traversal, huge, unknown but well-formed. */
const hostileSegment: fc.Arbitrary<{ value: string; label: string }> = fc.oneof(
  fc
    .constantFrom(
      '%00',
      '%ED%A0%80',
      '%E0%A4%A',
      '%',
      '%zz',
      '%2F',
      '..%2F..%2F',
      '%2e%2e',
      '%20',
      '%0A',
      '-1',
      '0',
      '1e400',
      'null',
      '%F0%9F%98%80'.repeat(1000),
      'x'.repeat(6000),
      '%C0%AF',
      '%FF%FE',
    )
    .map((value) => ({ value, label: `raw ${value.slice(0, 40)}` })),
  hostileString.map((s) => ({ value: percentEncode(s), label: JSON.stringify(s.slice(0, 40)) })).filter((s) => s.value.length > 0 && s.value.length < 12_000),
  fc.uuid().map((value) => ({ value, label: 'unknown uuid' })),
  fc.stringMatching(/^\d{6}(\d{3}(\d{3}(\d{2}(\d{2})?)?)?)?$/).map((value) => ({ value, label: 'unknown code' })),
  fc.stringMatching(/^[A-Z]{2}(\d{2}){0,2}$/).map((value) => ({ value, label: 'unknown category' })),
);

function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '');
}

function validPath(op: Operation, seeds: OperationSeeds): fc.Arbitrary<Record<string, string>> {
  const entries = op.pathParams.map((p) => {
    const values = seeds.path[p.name];
    if (!values?.length) throw new Error(`${op.key}: no fixture for the path parameter ${p.name}`);
    return fc.constantFrom(...values).map((v): [string, string] => [p.name, percentEncode(v)]);
  });
  return entries.length ? fc.tuple(...entries).map((e) => Object.fromEntries(e)) : fc.constant({});
}

function queryValue(p: Parameter, hints: Hints): fc.Arbitrary<string> {
  return validValue(p.schema, hints, p.name).map(asText);
}

function validQuery(op: Operation, hints: Hints): fc.Arbitrary<Pairs> {
  if (!op.queryParams.length) return fc.constant([]);
  const parts = op.queryParams.map((p) =>
    p.required ? queryValue(p, hints).map((v) => [[p.name, v] as const]) : fc.option(queryValue(p, hints), { nil: undefined, freq: 2 }).map((v) => (v === undefined ? [] : [[p.name, v] as const])),
  );
  return fc.tuple(...parts).map((ps) => ps.flat());
}

/** One thing wrong in the query. */
function mutatedQuery(op: Operation, hints: Hints): fc.Arbitrary<{ pairs: Pairs; label: string }> {
  const params = op.queryParams;
  const options: Array<fc.Arbitrary<{ pairs: Pairs; label: string }>> = [
    fc
      .constantFrom<Pairs>(
        [['zzz', '1']],
        [['__proto__', 'x']],
        [['constructor[prototype][polluted]', '1']],
        Array.from({ length: 1200 }, (_, i) => [`p${i}`, '1'] as const),
      )
      .map((pairs) => ({ pairs, label: `unknown parameters ${pairs[0]?.[0]}…` })),
  ];
  if (params.length) {
    const param = fc.constantFrom(...params);
    options.push(
      fc.tuple(validQuery(op, hints), param, fc.oneof(hostileString, nearMissValue({ type: 'string' }).map(asText), nearMissValue({ type: 'number' }).map(asText))).map(([pairs, p, v]) => ({
        pairs: [...pairs.filter(([k]) => k !== p.name), [p.name, v]],
        label: `query ${p.name} ← ${JSON.stringify(v.slice(0, 40))}`,
      })),
      fc
        .tuple(validQuery(op, hints), param, fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '%00', '%FF', '+', '%2B1e400'))
        .map(([pairs, p, v]) => ({ pairs: [...pairs.filter(([k]) => k !== p.name), [p.name, v, true]], label: `query ${p.name} ← raw ${v}` })),
      fc
        .tuple(
          validQuery(op, hints),
          param.chain((p) => queryValue(p, hints).map((v) => [p, v] as const)),
        )
        .map(([pairs, [p, v]]) => ({ pairs: [...pairs.filter(([k]) => k !== p.name), [p.name, v], [p.name, v]], label: `query ${p.name} repeated` })),
      fc
        .tuple(validQuery(op, hints), param, fc.constantFrom('[]', '[a]', '[0]', '[__proto__]'))
        .map(([pairs, p, b]) => ({ pairs: [...pairs.filter(([k]) => k !== p.name), [`${p.name}${b}`, 'x']], label: `query ${p.name}${b}` })),
    );
    const required = params.filter((p) => p.required);
    if (required.length)
      options.push(fc.tuple(validQuery(op, hints), fc.constantFrom(...required)).map(([pairs, p]) => ({ pairs: pairs.filter(([k]) => k !== p.name), label: `query ${p.name} missing` })));
  }
  return fc.oneof(...options);
}

/** Keys that have broken object handling somewhere. */
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'extra', '', ' ', 'a\u0000', '\ud800', '$where', 'x'.repeat(10_000), '0', 'code.name', 'a[b]'];

interface Carried {
  contentType?: string;
  headers?: Record<string, string>;
  body: Buffer;
  label: string;
}

/** A body with one thing wrong inside it. */
function mutatedBody(op: Operation, valid: fc.Arbitrary<JsonLike>): fc.Arbitrary<{ body: JsonLike; label: string }> {
  const schema = op.body?.schema;
  return valid.chain((body) => {
    const sites = sitesOf(body, schema);
    type Mutation = { body: JsonLike; label: string };
    const options: Array<{ weight: number; arbitrary: fc.Arbitrary<Mutation> }> = [
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...NASTY_KEYS), hostileValue).map(([k, v]) => ({
          body: body !== null && typeof body === 'object' && !Array.isArray(body) && !(body instanceof RawJson) ? withKey(body, k, v) : body,
          label: `extra field ${JSON.stringify(k.slice(0, 20))}`,
        })),
      },
      { weight: 1, arbitrary: fc.oneof(hostileValue, fc.constant<JsonLike>([body])).map((v) => ({ body: v, label: `body ← ${toJsonText(v).slice(0, 40)}` })) },
    ];
    if (sites.length) {
      const site = fc.constantFrom(...sites);
      options.push(
        { weight: 1, arbitrary: site.chain((s) => hostileValue.map((v) => ({ body: setAt(body, s.path, v), label: `${pathLabel(s.path)} ← ${toJsonText(v).slice(0, 40)}` }))) },
        { weight: 1, arbitrary: site.map((s) => ({ body: setAt(body, s.path, undefined), label: `${pathLabel(s.path)} removed` })) },
      );
    }
    // The schema says what each field is: most mutations stay close to it, so that they get past
    // the edge's validation to the service and its database, where a 500 hides.
    const typed = sites.filter((s): s is Site & { schema: JsonSchema } => s.schema !== undefined && (s.schema.type !== undefined || s.schema.enum !== undefined || s.schema.properties !== undefined));
    if (typed.length)
      options.push({
        weight: 6,
        arbitrary: fc.constantFrom(...typed).chain((s) => nearMissValue(s.schema).map((v) => ({ body: setAt(body, s.path, v), label: `${pathLabel(s.path)} ← ${toJsonText(v).slice(0, 40)}` }))),
      });
    return fc.oneof(...options);
  });
}

/** The valid body carried wrongly: content type, charset, encoding, size, broken JSON. */
function badTransport(valid: fc.Arbitrary<JsonLike>): fc.Arbitrary<Carried> {
  return valid.chain((body) => {
    const json = toJsonText(body);
    return fc.constantFrom<Carried>(
      { contentType: 'text/plain', body: Buffer.from(json), label: 'as text/plain' },
      { contentType: 'application/xml', body: Buffer.from('<a>1</a>'), label: 'as XML' },
      { contentType: 'application/json; charset=utf-16', body: Buffer.from(json, 'utf16le'), label: 'charset utf-16' },
      { contentType: 'application/json; charset=latin1', body: Buffer.from(json, 'latin1'), label: 'charset latin1' },
      { contentType: 'application/json; charset=x-unknown', body: Buffer.from(json), label: 'unknown charset' },
      { contentType: 'application/vnd.api+json', body: Buffer.from(json), label: 'vendor JSON type' },
      { contentType: 'multipart/form-data; boundary=x', body: Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'), label: 'multipart' },
      { body: Buffer.from(json), label: 'no content type' },
      { contentType: FORM, body: Buffer.from(toForm(body)), label: 'as a form' },
      { contentType: FORM, body: Buffer.from(`${toForm(body)}&padding=${'x'.repeat(300_000)}`), label: 'form of 300 KB' },
      { contentType: FORM, body: Buffer.from(Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join('&')), label: 'form of 1,500 fields' },
      { contentType: FORM, body: Buffer.from(`a${'[a]'.repeat(40)}=1`), label: 'form nested 40 deep' },
      { contentType: FORM, body: Buffer.from('a[10001]=x&a[0]=y&__proto__[x]=1&constructor[prototype][y]=1'), label: 'form with sparse array and prototype keys' },
      { contentType: 'application/json', headers: { 'content-encoding': 'gzip' }, body: Buffer.from(json), label: 'gzip that is not' },
      { contentType: 'application/json', headers: { 'content-encoding': 'compress' }, body: Buffer.from(json), label: 'unsupported content encoding' },
      { contentType: 'application/json', headers: { 'content-encoding': 'br' }, body: Buffer.from(json), label: 'brotli that is not' },
      { contentType: 'application/json', body: Buffer.from(`{"pad":"${'x'.repeat(1_100_000)}"}`), label: 'JSON over 1 MB' },
      ...['{', '{"a":}', '\ufeff{}', 'nul', '', ' ', '"x"', '1', 'null', '[]', '{"a":1}{"b":2}', '{"a":1,"a":{"b":2}}', `${json}garbage`].map((t) => ({
        contentType: 'application/json',
        body: Buffer.from(t),
        label: `JSON text ${JSON.stringify(t.slice(0, 20))}`,
      })),
      { contentType: 'application/json', body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]), label: 'invalid UTF-8 in JSON' },
    );
  });
}

/**
 * How much there is to get wrong in `op`: its parameters and the fields of its body (one level
 * down too). The fuzz shares its requests out in proportion.
 */
export function surfaceOf(op: Operation): number {
  const fields = Object.values(op.body?.schema.properties ?? {});
  const nested = fields.reduce((n, f) => n + Object.keys(f.properties ?? f.items?.properties ?? {}).length, 0);
  return 3 + op.pathParams.length + op.queryParams.length + fields.length + nested / 2;
}

/**
 * Requests for `op`: about one in five valid, the rest with one thing wrong. `authorization` is
 * sent with every request (the fuzz runs as a caller with rights).
 */
export function requestArbitrary(op: Operation, seeds: OperationSeeds, hints: Hints, authorization: string): fc.Arbitrary<FuzzRequest> {
  const headers = { authorization, accept: 'application/json' };
  const path = validPath(op, seeds);
  const query = validQuery(op, hints);
  const hasBody = op.body !== undefined;
  const form = op.body?.contentTypes[0] === FORM;
  const schemaBody: fc.Arbitrary<JsonLike> = op.body ? validObject(op.body.schema, hints) : fc.constant({});
  const seedBody: fc.Arbitrary<JsonLike> = seeds.bodies?.length ? fc.constantFrom(...seeds.bodies) : schemaBody;
  // Mutations start mostly from a body the service accepts, so that they reach its deeper rules.
  const mutationBase = fc.oneof({ weight: 3, arbitrary: seedBody }, { weight: 1, arbitrary: schemaBody });
  const multipart = op.body?.contentTypes[0] === MULTIPART;
  const carry = (body: JsonLike, asForm: boolean): Carried =>
    multipart && op.body
      ? { contentType: `${MULTIPART}; boundary=${BOUNDARY}`, body: toMultipart(body, op.body.schema), label: 'multipart' }
      : asForm
        ? { contentType: FORM, body: Buffer.from(toForm(body)), label: 'form' }
        : { contentType: 'application/json', body: Buffer.from(toJsonText(body)), label: 'json' };
  const bothTypes = op.body !== undefined && op.body.contentTypes.length > 1;
  const build = (p: Record<string, string>, pairs: Pairs, carried: Carried | undefined, note: string): FuzzRequest => ({
    method: op.method,
    path: fillPath(op.template, p),
    query: encodePairs(pairs),
    headers: { ...headers, ...(carried?.contentType ? { 'content-type': carried.contentType } : {}), ...carried?.headers },
    ...(carried ? { body: carried.body } : {}),
    note,
  });
  const asForm = bothTypes ? fc.boolean() : fc.constant(form);

  const valid = fc.tuple(path, query, seedBody, asForm).map(([p, q, b, f]) => build(p, q, hasBody ? carry(b, f) : undefined, 'valid'));
  const schemaValid = fc.tuple(path, query, schemaBody, asForm).map(([p, q, b, f]) => build(p, q, hasBody ? carry(b, f) : undefined, 'valid by the schema'));
  const badPath = op.pathParams.length
    ? fc
        .tuple(path, fc.constantFrom(...op.pathParams), hostileSegment, query, seedBody, asForm)
        .map(([p, param, seg, q, b, f]) => build({ ...p, [param.name]: seg.value }, q, hasBody ? carry(b, f) : undefined, `path ${param.name} ← ${seg.label}`))
    : undefined;
  const badQuery = fc.tuple(path, mutatedQuery(op, hints), seedBody, asForm).map(([p, q, b, f]) => build(p, q.pairs, hasBody ? carry(b, f) : undefined, q.label));
  const badBody = hasBody ? fc.tuple(path, query, mutatedBody(op, mutationBase), asForm).map(([p, q, m, f]) => build(p, q, carry(m.body, f), `${f ? 'form ' : ''}${m.label}`)) : undefined;
  const badCarry = op.method !== 'GET' ? fc.tuple(path, query, badTransport(seedBody)).map(([p, q, c]) => build(p, q, c, c.label)) : undefined;

  // How a request goes wrong: mostly inside the body, where the operation's own rules are; how a
  // body is carried is the same for every operation and needs fewer tries each.
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 2, arbitrary: schemaValid },
    ...(badPath ? [{ weight: 4, arbitrary: badPath }] : []),
    { weight: op.queryParams.length ? 6 : 1, arbitrary: badQuery },
    ...(badBody ? [{ weight: 18, arbitrary: badBody }] : []),
    ...(badCarry ? [{ weight: hasBody ? 3 : 2, arbitrary: badCarry }] : []),
  );
}
