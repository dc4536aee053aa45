import { isMainlandMobile, isResidentIdNumber, maskIdNumber, maskPhone } from '@citygrid/pii';

const ID_KEY = /id_?number|idcard|identity/i;
const PHONE_KEY = /phone|mobile|tel$/i;
/** Ciphertext and keyed hashes are useless to a reader and, for hashes, a guessing target: drop them. */
const SECRET_KEY = /cipher|index$|password|secret|token/i;

/**
 * A copy of `value` fit for the audit trail: personal data masked wherever it is. By key (any
 * `idNumber`/`phone`-like field) and by value (a whole string that is a valid ID number or mobile),
 * so a number that turns up in an unexpected field is masked too. Ciphertext, blind indexes and
 * credentials are replaced by `[removed]`.
 */
export function maskForAudit(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return maskString(value, key);
  if (Array.isArray(value)) return value.map((v) => maskForAudit(v, key));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY.test(k) && v !== null ? '[removed]' : maskForAudit(v, k);
    return out;
  }
  return value;
}

function maskString(v: string, key: string): string {
  if (ID_KEY.test(key) || isResidentIdNumber(v)) return maskIdNumber(v);
  if (PHONE_KEY.test(key) || isMainlandMobile(v)) return maskPhone(v);
  return v;
}

/** `maskForAudit` for a before/after snapshot: an object (or null). */
export function auditSnapshot(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  const masked = maskForAudit(value);
  return typeof masked === 'object' && masked !== null && !Array.isArray(masked) ? (masked as Record<string, unknown>) : { value: masked };
}
