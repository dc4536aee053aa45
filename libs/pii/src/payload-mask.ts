import { NODE_CODE_PATTERN } from '@citygrid/contracts';

import { maskIdNumber, maskPhone } from './mask';
import { isMainlandMobile, isResidentIdNumber } from './validators';

/** Fields that hold an ID number or a phone whatever their value looks like. */
const ID_KEY = /id_?number|idcard/i;
const PHONE_KEY = /phone|mobile|tel$/i;
/** Credentials, ciphertext and keyed hashes: useless to a reader, and a hash is a guessing target. */
const SECRET_KEY = /cipher|index$|password|secret|token/i;
/** Fields that name or describe people and places: masked even when their value looks like a code. */
const PERSONAL_KEY = /name|address|contact|reporter|description|notes?$|text|comment|reason|attendee|owner/i;

/** Values that are identifiers or codes as they are, never a person's data. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** Lower-case codes: roles, kinds, states, event types, sources (`grid_member`, `citygrid.staff.assigned.v1`, `/citygrid/identity`). */
const LOWER_CODE = /^\/?[a-z][a-z0-9]*(?:[._:/-][a-z0-9]+)*$/;
/** Upper-case codes with a digit or dash (`CM05`, `DEPT-A`). */
const UPPER_CODE = /^(?=.*[\d-])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;

/** Longest run of stars a masked text gets: the length of a long text is not worth showing. */
const MAX_STARS = 8;

/**
 * A person's name or any free text, its first character kept: `张三` → `张*`, `欧阳娜娜` → `欧***`,
 * `伏牛路88号院3号楼502` → `伏********`; one character alone → `*`. Counted in code points, so no
 * character is cut in half.
 */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, MAX_STARS))}`;
}

/**
 * A copy of an event payload of any type (or any JSON value) fit to show to an operator who has
 * no need for the personal data in it: personal data may sit in any field of an event nobody
 * foresaw, so this keeps only values that cannot be personal as they are, and masks the rest.
 *
 * - kept: numbers, booleans, null, UUIDs, node codes, ISO-8601 times and dates, lower-case codes
 *   (`grid_member`, `citygrid.staff.assigned.v1`) and upper-case codes with a digit or dash (`CM05`);
 * - an ID number or mobile, by value or by its field's name, is masked as everywhere
 *   (`410102********1234`, `138****5678`);
 * - credentials, ciphertext and keyed hashes (by field name) become `[removed]`;
 * - any other text, and every text in a field that names or describes people or places (`name`,
 *   `staffName`, `address`, `description`, `notes`…), keeps its first character (`maskName`).
 */
export function maskEventPayload(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return maskPayloadText(value, key);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => maskEventPayload(v, key));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY.test(k) && v !== null ? '[removed]' : maskEventPayload(v, k);
    return out;
  }
  return null;
}

function maskPayloadText(v: string, key: string): string {
  if (ID_KEY.test(key) || isResidentIdNumber(v)) return maskIdNumber(v);
  if (PHONE_KEY.test(key) || isMainlandMobile(v)) return maskPhone(v);
  if (!PERSONAL_KEY.test(key) && (UUID.test(v) || NODE_CODE_PATTERN.test(v) || TIME.test(v) || LOWER_CODE.test(v) || UPPER_CODE.test(v))) return v;
  return maskName(v);
}

/** 18-character runs shaped like an ID number, and 11-digit runs shaped like a mobile, inside a text. */
const ID_IN_TEXT = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/**
 * A free text (an error message, a log line) with every ID number and mobile in it masked. Names
 * cannot be told apart from other words in a text: texts that may hold them are the writer's
 * care (error messages name ids, not people).
 */
export function maskNumbersInText(text: string): string {
  return text.replace(ID_IN_TEXT, (m) => maskIdNumber(m)).replace(MOBILE_IN_TEXT, (m) => maskPhone(m));
}
