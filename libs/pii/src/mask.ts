const STAR = '*';

/**
 * `410102199001011234` → `410102********1234`: the area code and last four stay, the birth date
 * and sequence go. Idempotent (a masked value masks to itself), so layers can mask again safely.
 * Values of another length keep at most their last four characters.
 */
export function maskIdNumber(value: string): string {
  const v = value.replace(/\s+/g, '');
  if (v.length === 18) return `${v.slice(0, 6)}${STAR.repeat(8)}${v.slice(14)}`;
  return maskTail(v);
}

/** `13812345678` → `138****5678`. Idempotent; other lengths keep at most their last four. */
export function maskPhone(value: string): string {
  const v = value.replace(/[\s-]+/g, '');
  if (v.length === 11) return `${v.slice(0, 3)}${STAR.repeat(4)}${v.slice(7)}`;
  return maskTail(v);
}

/**
 * `zhang.san@example.org` → `z***@example.org`: the first character of the local part and the
 * domain stay (enough to tell two addresses apart), the rest goes. Anything that is not an
 * address is hidden whole (`***`).
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).trim();
  const domain = address.slice(at + 1).trim();
  if (at < 1 || local === '' || domain === '' || /[\s<>]/.test(domain)) return '***';
  return `${[...local][0]}***@${domain}`;
}

function maskTail(v: string): string {
  if (v.length <= 4) return STAR.repeat(v.length);
  // Short or odd values: too little is left after hiding the middle, so show only the tail.
  return `${STAR.repeat(v.length - 4)}${v.slice(-4)}`;
}
