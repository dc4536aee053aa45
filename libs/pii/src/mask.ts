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

function maskTail(v: string): string {
  if (v.length <= 4) return STAR.repeat(v.length);
  // Short or odd values: too little is left after hiding the middle, so show only the tail.
  return `${STAR.repeat(v.length - 4)}${v.slice(-4)}`;
}
