/** Weights of the GB 11643-1999 check digit (ISO 7064 MOD 11-2) for the first 17 characters. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** Shape only: 17 digits and a digit or X. */
export const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;
/** Mainland China mobile number, 11 digits. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** ID numbers are typed with spaces and a lowercase x; compare and hash them in one form. */
export function normalizeIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Phones come as `138 1234 5678`, `138-1234-5678` or `+86 13812345678`; keep the 11 digits. */
export function normalizePhone(value: string): string {
  const digits = value.replace(/[\s-]+/g, '');
  const m = /^(?:\+86|0086|86)(1\d{10})$/.exec(digits);
  return m?.[1] ?? digits;
}

/** GB 11643 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  ID_WEIGHTS.forEach((w, i) => (sum += Number(first17[i]) * w));
  return ID_CHECK_CHARS.charAt(sum % 11);
}

/**
 * A Chinese resident identity card number (居民身份证号码, GB 11643-1999): 18 characters, a real
 * birth date (1900 to today) in characters 7-14, and a correct check character.
 */
export function isResidentIdNumber(value: string, today: Date = new Date()): boolean {
  const v = normalizeIdNumber(value);
  if (!RESIDENT_ID_SHAPE.test(v)) return false;
  const year = Number(v.slice(6, 10));
  const month = Number(v.slice(10, 12));
  const day = Number(v.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (birth.getTime() > today.getTime()) return false;
  return idCheckChar(v.slice(0, 17)) === v[17];
}

/** A mainland China mobile number (1[3-9] and nine digits), after normalising. */
export function isMainlandMobile(value: string): boolean {
  return MAINLAND_MOBILE.test(normalizePhone(value));
}
