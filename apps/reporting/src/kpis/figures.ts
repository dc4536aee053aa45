import type { KpiFiguresView, RateView } from '@citygrid/contracts/reporting';

import { bucketEdgeHours, type Counts, WORK_BUCKET_OFFSET } from '../read-models/projection';

/** `n / 10^places` as a decimal string, `n` an integer. */
function decimal(n: bigint, places: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(places + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** `numerator / denominator`, rounded half-up (away from zero at .5) to `places` decimals; exact, no floats. */
export function roundedQuotient(numerator: bigint, denominator: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const negative = numerator < 0n !== denominator < 0n;
  const n = (numerator < 0n ? -numerator : numerator) * scale;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return decimal(negative ? -q : q, places);
}

/** A rate: the fraction as counted, and in percent rounded half-up to 2 places (`"99.22"`); null percent for 0 / 0. */
export function rate(numerator: number, denominator: number): RateView {
  return { numerator, denominator, percent: denominator === 0 ? null : roundedQuotient(BigInt(numerator) * 100n, BigInt(denominator), 2) };
}

/** Mean hours of `ms` over `count` closings, rounded half-up to 2 places; null for none. */
export function meanHours(ms: number, count: number): string | null {
  return count <= 0 ? null : roundedQuotient(BigInt(ms), BigInt(count) * 3_600_000n, 2);
}

/**
 * Hours within which 90% of the closings were made: the upper edge of the bucket holding the
 * 90th percentile (nearest rank: the ⌈0.9·n⌉-th closing). Null for none.
 */
export function p90Hours(buckets: ReadonlyMap<number, number>): string | null {
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = Math.ceil((total * 9) / 10);
  let seen = 0;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(bucket) ?? 0;
    if (seen >= rank) return bucketEdgeHours(bucket).toFixed(2);
  }
  return null;
}

/** What a figures block is read from: the counters over the period, `open` at its end, the histogram, and the readings of now. */
export interface FigureInputs {
  counts: Counts;
  open: number;
  buckets: ReadonlyMap<number, number>;
  /** Null where it is not read (day and month rows). */
  overdueNow: number | null;
  /** Null with a category (field work has none). */
  gridDays: number | null;
  /** Key-location-days and those covered; null with a category. */
  keyLocations: { covered: number; days: number } | null;
}

export function figures(i: FigureInputs): KpiFiguresView {
  const c = i.counts;
  const fieldWork = i.gridDays !== null;
  // one table holds both histograms: working-time buckets from WORK_BUCKET_OFFSET on
  const wall = new Map([...i.buckets].filter(([b]) => b < WORK_BUCKET_OFFSET));
  const working = new Map([...i.buckets].filter(([b]) => b >= WORK_BUCKET_OFFSET).map(([b, n]) => [b - WORK_BUCKET_OFFSET, n]));
  return {
    found: c.found,
    filed: c.filed,
    rejected: c.rejected,
    dispatched: c.dispatched,
    handled: c.handled,
    closed: c.closed,
    due: c.due,
    closedOnTime: c.closedOnTime,
    overdueNow: i.overdueNow,
    reworked: c.reworked,
    escalated: c.escalated,
    reopened: c.reopened,
    verified: c.verified,
    verifiedOnTime: c.verifiedOnTime,
    open: i.open,
    closureRate: rate(c.closed, c.found),
    onTimeRate: rate(c.closedOnTime, c.due),
    reworkRate: rate(c.reworked, c.handled),
    filingRate: rate(c.filed, c.found),
    verificationOnTimeRate: rate(c.verifiedOnTime, c.verified),
    avgHoursToClose: meanHours(c.closeMs, c.closeTimed),
    p90HoursToClose: p90Hours(wall),
    avgWorkingHoursToClose: meanHours(c.closeWorkMs, c.closeWorkTimed),
    p90WorkingHoursToClose: p90Hours(working),
    patrols: fieldWork ? c.patrols : null,
    patrolCoverage: fieldWork ? rate(c.gridsPatrolled, i.gridDays ?? 0) : null,
    visits: fieldWork ? c.visits : null,
    keyLocationCoverage: fieldWork ? rate(i.keyLocations?.covered ?? 0, i.keyLocations?.days ?? 0) : null,
  };
}
