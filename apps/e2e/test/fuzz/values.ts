/**
 * fast-check arbitraries for request values: valid ones from a JSON Schema (with hints for the
 * fields whose valid values only the running system knows, such as real node codes), and hostile
 * ones (control characters, lone surrogates, huge strings and arrays, numbers JSON cannot carry,
 * wrong types, deep nesting, ISO 8601 forms that are not RFC 3339).
 */
import fc from 'fast-check';

import type { JsonSchema } from './openapi';

/** JSON text written verbatim: numbers `JSON.stringify` cannot produce (`1e400`, `-0`) and floods built as text. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON value as the fuzz builds it. Objects may carry keys like `__proto__` as own properties. */
export type JsonLike = null | boolean | number | string | RawJson | JsonLike[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonLike;
}

/** Valid values for fields and parameters the schema cannot describe, by field name. */
export type Hints = Readonly<Record<string, fc.Arbitrary<JsonLike>>>;

/** Serialise as JSON text; strings go through `JSON.stringify`, which escapes a lone surrogate as `\ud800`. */
export function toJsonText(value: JsonLike): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText(value[k] as JsonLike)}`)
      .join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** A copy of `obj` with `key` set as an own property (also `__proto__`). */
export function withKey(obj: JsonObject, key: string, value: JsonLike): JsonObject {
  const out = Object.create(null) as JsonObject;
  for (const k of Object.keys(obj)) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A copy of `obj` without `key`. */
export function withoutKey(obj: JsonObject, key: string): JsonObject {
  const out = Object.create(null) as JsonObject;
  for (const k of Object.keys(obj)) if (k !== key) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Percent-encode for a path segment or query component. Unlike `encodeURIComponent` it does not
 * throw on a lone surrogate: it writes the surrogate's three CESU-8 bytes, which are not UTF-8.
 */
export function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16).toUpperCase()}%${(0x80 | ((c >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(s[i] as string);
    }
  }
  return out;
}

/** UTF-16 code units, lone surrogates included. */
const codeUnitString = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

/** Strings that have broken parsers, validators, databases and logs. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  'ok\ud83d',
  '😀',
  '\u202eevil',
  'e\u0301',
  '\ufeffbom',
  '\uffff',
  '\ufffd',
  "' OR 1=1 --",
  '"; drop table x; --',
  '\\',
  '\\u0000',
  '%00',
  '%ED%A0%80',
  '../../etc/passwd',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '<![CDATA[x]]>',
  '&amp;',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '9'.repeat(400),
  'true',
  '[]',
  '{}',
  '2026-W01',
  '2026-W01-1',
  '20261201',
  '20261201T000000Z',
  '2026-02-30T00:00:00Z',
  '2026-12-01T25:00:00Z',
  '2026-12-01T23:59:60Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '0000-00-00',
  '2026-13-01',
  '2026-12-01',
  '2026-12-01T00:00:00',
  '2026-12-01 00:00:00+08',
  '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2026-12-01T00:00:00.123456789012Z',
  '2026-335',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '410102005001',
  '4101020050010101',
  '000000',
  '999999999999999999',
  'CM05',
  'ZZ99',
  'cm05',
  'Point',
  'Polygon',
  'MultiPolygon',
];

/** Long strings: over every length limit, astral characters split by a unit-counting slice, and bulk. */
const longString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 5001 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 0, max: 2100 }).map((n) => 'a'.repeat(n) + '😀'.repeat(1100)),
  fc.constantFrom('张'.repeat(2001), '😀'.repeat(2001), 'ab\ud800'.repeat(700), 'x'.repeat(120_000), 'y'.repeat(1_100_000)),
);

/** A hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: codeUnitString(24) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: longString },
);

/** A hostile number, some only writable as raw JSON. */
export const hostileNumber: fc.Arbitrary<JsonLike> = fc.oneof(
  fc.constantFrom<JsonLike>(0, -1, 0.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MIN_VALUE, 720.0000001, 1e21),
  fc.constantFrom(
    new RawJson('1e400'),
    new RawJson('-1e400'),
    new RawJson('1e-400'),
    new RawJson('-0'),
    new RawJson('123456789012345678901234567890'),
    new RawJson('9223372036854775808'),
    new RawJson('1e19'),
    new RawJson('0.1e1'),
    new RawJson('1E+2'),
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A GeoJSON-shaped value that is not a usable geometry, or one that floods a validator with errors. */
const hostileGeometry: fc.Arbitrary<JsonLike> = fc.constantFrom<JsonLike>(
  { type: 'Point', coordinates: [new RawJson('1e400'), 0] },
  { type: 'Point', coordinates: [181, 91] },
  { type: 'Point', coordinates: [113.6, 34.7, 0] },
  { type: 'Point', coordinates: ['113.6', '34.7'] },
  {
    type: 'Polygon',
    coordinates: [
      [
        [113.6, 34.75],
        [113.61, 34.76],
        [113.61, 34.75],
        [113.6, 34.76],
        [113.6, 34.75],
      ],
    ],
  },
  {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ],
  },
  { type: 'Polygon', coordinates: [] },
  { type: 'MultiPolygon', coordinates: [[]] },
  { type: 'LineString', coordinates: [[0, 0]] },
  { type: 'GeometryCollection', geometries: [] },
  // A MultiPolygon of polygons whose rings are numbers: one error per number, 400,000 in all.
  { type: 'MultiPolygon', coordinates: new RawJson(`[${new Array(400).fill(`[${new Array(1000).fill('1').join(',')}]`).join(',')}]`) },
  // A Polygon of 5,000 one-position rings: within the position limit, 5,000 errors.
  { type: 'Polygon', coordinates: new RawJson(`[${new Array(5000).fill('[[1,1]]').join(',')}]`) },
);

/** Arrays at and over the length limit, and arrays of bad elements that each yield several errors. */
const hostileArray: fc.Arbitrary<JsonLike> = fc.oneof(
  fc.constantFrom<JsonLike>(
    [],
    [null],
    new RawJson(`[${new Array(10_001).fill('1').join(',')}]`),
    new RawJson(`[${new Array(10_000).fill('{}').join(',')}]`),
    new RawJson(`[${new Array(10_000).fill('"x"').join(',')}]`),
    new RawJson(`[${new Array(10_000).fill('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":0}').join(',')}]`),
    new RawJson(`[${new Array(2_000).fill('[]').join(',')}]`),
  ),
  fc.array(hostileString, { maxLength: 4 }),
);

/** Printable ASCII but for `"` and `\\`: short distinct keys. */
const KEY_ALPHABET = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '"' && c !== '\\');
const shortKey = (i: number): string => {
  let k = '';
  for (let n = i; k === '' || n > 0; n = Math.floor(n / KEY_ALPHABET.length)) k += KEY_ALPHABET[n % KEY_ALPHABET.length];
  return k;
};

/** An object with more unknown keys than a spread argument list may hold, under 1 MB. */
const keyFlood = new RawJson(`{${Array.from({ length: 128_000 }, (_, i) => `"${shortKey(i)}":0`).join(',')}}`);

/** Nesting at, just over and far over the depth limit. */
const deepNesting: fc.Arbitrary<JsonLike> = fc
  .constantFrom(19, 20, 21, 3000, 100_000)
  .chain((n) => fc.constantFrom(new RawJson('['.repeat(n) + ']'.repeat(n)), new RawJson('{"a":'.repeat(n) + '1' + '}'.repeat(n))));

/** Any hostile value, whatever the field's type. */
export const hostileValue: fc.Arbitrary<JsonLike> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<JsonLike>(null, true, false, {}, [], { '': '' }) },
  { weight: 2, arbitrary: hostileArray },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: hostileGeometry },
  { weight: 1, arbitrary: fc.constant<JsonLike>(keyFlood) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }).map((d) => Object.keys(d).reduce((o, k) => withKey(o, k, d[k] ?? ''), Object.create(null) as JsonObject)) },
);

/**
 * Strings of the right type whose content has broken storage and rendering: lone surrogates,
 * NUL, bidi overrides, astral characters at a length limit, quotes.
 */
const contentString = (maxLength: number | undefined): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('\ud800', 'x\udfffy', 'ok\ud83d', '\udc00\ud800', '😀\ude00') },
    { weight: 2, arbitrary: fc.constantFrom('a\u0000b', '\u001b[2J', '\u202eevil', '\ufeff', 'O\'Brien "quoted" \\', '%00', '', ' ', '\u2028\u2029') },
    { weight: 2, arbitrary: fc.constantFrom(...[maxLength ?? 100].flatMap((n) => ['😀'.repeat(n), `${'x'.repeat(n - 1)}😀`, `a${'😀'.repeat(n)}`, 'x'.repeat(n + 1)])) },
    { weight: 1, arbitrary: codeUnitString(12) },
  );

/** Arrays of bad elements that each yield a dozen errors: 10,000 of them, the most the input limits allow. */
const errorFlood: fc.Arbitrary<JsonLike> = fc.constantFrom<JsonLike>(
  new RawJson(`[${new Array(10_000).fill('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":0}').join(',')}]`),
  new RawJson(`[${new Array(10_000).fill('{}').join(',')}]`),
);

/** Values near what `schema` accepts, on the wrong side of one rule, or of the right type with hostile content. */
export function nearMissValue(schema: JsonSchema): fc.Arbitrary<JsonLike> {
  const out: Array<{ weight: number; arbitrary: fc.Arbitrary<JsonLike> }> = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<JsonLike>) => out.push({ weight, arbitrary });
  if (schema.enum) add(1, fc.constantFrom<JsonLike>(...schema.enum.map((v) => (typeof v === 'string' ? v.toUpperCase() : v + 1)), 'not-in-enum', ` ${String(schema.enum[0])}`));
  if (schema.type === 'string') {
    add(4, contentString(schema.maxLength));
    if (schema.minLength) add(1, fc.constant('x'.repeat(schema.minLength - 1)));
    if (schema.format === 'uuid')
      add(
        1,
        fc.oneof(
          fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', '{00000000-0000-4000-8000-000000000000}'),
          fc.uuid().map((u) => u.toUpperCase()),
        ),
      );
    if (schema.format === 'date-time')
      add(2, fc.constantFrom('2026-W01', '20261201', '2026-02-30T00:00:00Z', '2026-12-01', '2026-12-01T00:00:00', '+275760-09-13T00:00:00.000Z', '1970-01-01T00:00:00Z', '2026-12-01T24:00:00Z'));
    if (schema.pattern) add(1, fc.constantFrom('0', 'abc', '１２３４５６', '4101020050010101x', ' 410102'));
    add(1, fc.oneof(hostileNumber, fc.constantFrom<JsonLike>(null, true, ['x'], { x: 'x' })));
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    if (schema.minimum !== undefined) add(1, fc.constantFrom<JsonLike>(schema.minimum - 1, schema.minimum - 0.5));
    if (schema.maximum !== undefined) add(1, fc.constantFrom<JsonLike>(schema.maximum + 1, schema.maximum + 0.5));
    add(2, fc.oneof(hostileNumber, fc.constantFrom<JsonLike>('1', '', 'NaN', null, true, [1])));
  }
  if (schema.type === 'boolean') add(1, fc.constantFrom<JsonLike>('true', 1, 0, 'yes', null));
  if (schema.type === 'array') {
    add(1, fc.constantFrom<JsonLike>('x', {}, null, new Array((schema.maxItems ?? 10) + 1).fill(null)));
    add(2, hostileArray);
    if (schema.items)
      add(
        2,
        nearMissValue(schema.items).map((v) => [v]),
      );
    if (schema.items?.properties) add(3, errorFlood);
  }
  if (schema.type === 'object' || schema.properties) {
    add(1, fc.constantFrom<JsonLike>([], 'x', 0, null, {}));
    if (schema.properties?.['coordinates']) add(4, hostileGeometry);
  }
  return out.length ? fc.oneof(...out) : hostileValue;
}

/** A valid value for `schema`, taking `hints[name]` for fields the schema cannot describe. */
export function validValue(schema: JsonSchema, hints: Hints, name?: string): fc.Arbitrary<JsonLike> {
  const hint = name ? hints[name] : undefined;
  if (hint) return hint;
  if (schema.enum?.length) return fc.constantFrom<JsonLike>(...schema.enum);
  if (schema.example !== undefined && schema.type !== 'object') return fc.constant(schema.example as JsonLike);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid({ version: 4 });
      if (schema.format === 'date-time') return fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }).map((t) => new Date(t).toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ unit: 'grapheme', minLength: Math.max(1, schema.minLength ?? 1), maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case 'number':
    case 'integer':
      return fc.integer({ min: Math.ceil(schema.minimum ?? 0), max: Math.floor(schema.maximum ?? 1000) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? validValue(schema.items, hints) : fc.constant<JsonLike>('x'), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object':
    case undefined:
      if (!schema.properties) return fc.constant<JsonLike>({});
      return validObject(schema, hints);
  }
}

/** A valid object: every required field, each optional one half the time. */
export function validObject(schema: JsonSchema, hints: Hints): fc.Arbitrary<JsonObject> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(props).map(([k, s]) =>
    required.has(k)
      ? validValue(s, hints, k).map((v): [string, JsonLike] | undefined => [k, v])
      : fc.option(validValue(s, hints, k), { nil: undefined }).map((v): [string, JsonLike] | undefined => (v === undefined ? undefined : [k, v])),
  );
  if (!fields.length) return fc.constant({});
  return fc.tuple(...fields).map((entries) => Object.fromEntries(entries.filter((e): e is [string, JsonLike] => e !== undefined)) as JsonObject);
}

/** Where in a JSON value a mutation can act: each path with the schema there, when known. */
export interface Site {
  path: ReadonlyArray<string | number>;
  schema?: JsonSchema;
}

/** Every object field and array element of `value` up to `maxDepth`, and the schema's fields it lacks. */
export function sitesOf(value: JsonLike, schema: JsonSchema | undefined, maxDepth = 6): Site[] {
  const out: Site[] = [];
  const walk = (v: JsonLike, s: JsonSchema | undefined, path: Array<string | number>): void => {
    if (path.length >= maxDepth || out.length > 200) return;
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        const p = [...path, i];
        out.push({ path: p, ...(s?.items ? { schema: s.items } : {}) });
        walk(child, s?.items, p);
      });
    } else if (v !== null && typeof v === 'object' && !(v instanceof RawJson)) {
      const keys = new Set([...Object.keys(v), ...Object.keys(s?.properties ?? {})]);
      for (const k of keys) {
        const p = [...path, k];
        const childSchema = s?.properties?.[k];
        out.push({ path: p, ...(childSchema ? { schema: childSchema } : {}) });
        if (k in v) walk(v[k] as JsonLike, childSchema, p);
      }
    }
  };
  walk(value, schema, []);
  return out;
}

/** `value` with the thing at `path` replaced (or, with `undefined`, removed). */
export function setAt(value: JsonLike, path: ReadonlyArray<string | number>, replacement: JsonLike | undefined): JsonLike {
  if (!path.length) return replacement ?? null;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(head, 1);
    else copy[head] = setAt(copy[head] ?? null, rest, replacement);
    return copy;
  }
  const obj: JsonObject = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RawJson) ? value : {};
  const key = String(head);
  if (rest.length === 0 && replacement === undefined) return withoutKey(obj, key);
  return withKey(obj, key, setAt(key in obj ? (obj[key] as JsonLike) : {}, rest, replacement));
}

/** The dotted path of a site, for reports. */
export function pathLabel(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') || '(root)';
}
