import { isIPv4, isIPv6 } from 'node:net';

/** The throttle's knobs (`LOGIN_*` in `IdentityEnv`). */
export interface ThrottlePolicy {
  /** Failed logins one source may make for one login before it has to wait. */
  freeFailures: number;
  /** The first wait, seconds; each further failure doubles it. */
  baseDelayS: number;
  /** The longest wait, seconds. */
  maxDelayS: number;
}

/**
 * How long a source waits after its `failures`-th failed login for one login, seconds: nothing
 * for the first `freeFailures - 1`, then `baseDelayS`, doubling per failure up to `maxDelayS`.
 * The same formula as the SQL of `LoginThrottleService`, which applies it atomically.
 */
export function throttleDelayS(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.maxDelayS, policy.baseDelayS * 2 ** Math.min(failures - policy.freeFailures, 30));
}

/**
 * The key a client address is throttled under: an IPv4 address as it is (also when written as
 * IPv4-mapped IPv6), an IPv6 address as its /64 (one subscriber's network holds 2^64 addresses;
 * counting each apart would let one client try without end), anything else lower-cased.
 */
export function throttleSource(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(a)) return a;
  const withoutZone = a.split('%')[0] ?? a;
  if (isIPv6(withoutZone)) return `${ipv6Groups(withoutZone).slice(0, 4).join(':')}::/64`;
  return a;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, an IPv4 tail as two groups), each without leading zeros. */
function ipv6Groups(address: string): string[] {
  const toGroups = (part: string): string[] => {
    if (!part) return [];
    return part.split(':').flatMap((g) => {
      if (!g.includes('.')) return [g];
      const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  };
  const [head = '', tail] = address.split('::');
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
