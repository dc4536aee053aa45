import { HOUSEHOLD_STATES, type HouseholdState } from '@citygrid/contracts/relocation';

/** Days of the progress curve that are marked: most move in 3 days, all but one sign in 10, all demolished in 30. */
export const MILESTONE_DAYS: readonly number[] = [3, 10, 30];

/** Days without a visit after which a household is on the meeting agenda. */
export const VISIT_GAP_DAYS = 2;

const DAY_MS = 86_400_000;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The day (`YYYY-MM-DD`) `instant` falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(instant);
}

/** A household as the reports see it. */
export interface ReportHousehold {
  id: string;
  packageId: string | null;
}

/** A step as the reports see it. */
export interface ReportStep {
  householdId: string;
  state: HouseholdState;
  /** The day it counts on, in the working time zone ({@link dayIn}). */
  day: string;
}

/** A package as the reports see it. */
export interface ReportPackage {
  id: string;
  leader: string;
  group: string;
}

/** Counts per state, `none` for households not yet visited. */
export type StateCounts = Record<HouseholdState | 'none', number>;

/** One package's line. */
export interface PackageLine {
  packageId: string;
  leader: string;
  group: string;
  households: number;
  counts: StateCounts;
  signedOrLater: number;
}

/** `date` plus `days`, as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function emptyCounts(): StateCounts {
  return { none: 0, visited: 0, agreed: 0, signed: 0, moved: 0, demolished: 0 };
}

/** Each household's state at the end of `date` (steps of later days do not count yet). */
export function statesAt(households: readonly ReportHousehold[], steps: readonly ReportStep[], date: string): Map<string, HouseholdState | null> {
  const rank = new Map(HOUSEHOLD_STATES.map((s, i) => [s, i]));
  const out = new Map<string, HouseholdState | null>(households.map((h) => [h.id, null]));
  for (const s of steps) {
    if (s.day > date || !out.has(s.householdId)) continue;
    const cur = out.get(s.householdId) ?? null;
    if (cur === null || (rank.get(s.state) ?? 0) > (rank.get(cur) ?? 0)) out.set(s.householdId, s.state);
  }
  return out;
}

function count(states: Iterable<HouseholdState | null>): StateCounts {
  const c = emptyCounts();
  for (const s of states) c[s ?? 'none'] += 1;
  return c;
}

/** Signed, moved or demolished. */
function signedOrLater(c: StateCounts): number {
  return c.signed + c.moved + c.demolished;
}

/** The daily report's figures for the day `date`: counts at its end, the steps of the day, per package. */
export function dailyFigures(households: readonly ReportHousehold[], steps: readonly ReportStep[], packages: readonly ReportPackage[], date: string) {
  const states = statesAt(households, steps, date);
  const changes = emptyCounts();
  for (const s of steps) if (s.day === date && states.has(s.householdId)) changes[s.state] += 1;
  return { counts: count(states.values()), changes, packages: packageLines(households, states, packages) };
}

/** Each package's counts from the households' states. */
export function packageLines(households: readonly ReportHousehold[], states: ReadonlyMap<string, HouseholdState | null>, packages: readonly ReportPackage[]): PackageLine[] {
  return packages.map((p) => {
    const mine = households.filter((h) => h.packageId === p.id);
    const counts = count(mine.map((h) => states.get(h.id) ?? null));
    return { packageId: p.id, leader: p.leader, group: p.group, households: mine.length, counts, signedOrLater: signedOrLater(counts) };
  });
}

/** The share of a package's households signed or further (0 for an empty package). */
export function signedShare(line: PackageLine): number {
  return line.households === 0 ? 0 : line.signedOrLater / line.households;
}

/** The median of `values` (0 when empty; the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The packages whose signed share is below the median of all packages. */
export function packagesBehind(lines: readonly PackageLine[]): { median: number; behind: PackageLine[] } {
  const m = median(lines.map(signedShare));
  return { median: m, behind: lines.filter((l) => signedShare(l) < m) };
}

/**
 * Households not yet moved whose last step (a visit, an agreement, a signature) was more than
 * on a day before the last `VISIT_GAP_DAYS` days up to `date`, or who were never visited.
 */
export function withoutRecentVisit(households: readonly ReportHousehold[], steps: readonly ReportStep[], date: string): string[] {
  const since = addDays(date, 1 - VISIT_GAP_DAYS);
  const states = statesAt(households, steps, date);
  const last = new Map<string, string>();
  for (const s of steps) {
    if (s.day > date) continue;
    const seen = last.get(s.householdId);
    if (seen === undefined || s.day > seen) last.set(s.householdId, s.day);
  }
  return households
    .filter((h) => {
      const st = states.get(h.id) ?? null;
      if (st === 'moved' || st === 'demolished') return false;
      const seen = last.get(h.id);
      return seen === undefined || seen < since;
    })
    .map((h) => h.id);
}

/** One point of the progress curve. */
export interface CurvePoint {
  day: number;
  date: string;
  signed: number;
  moved: number;
  demolished: number;
  milestone: boolean;
}

/** Cumulative signed (or further), moved (or further) and demolished per day from `startDate` (day 1) to `until`. */
export function progressCurve(households: readonly ReportHousehold[], steps: readonly ReportStep[], startDate: string, until: string): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let day = 1, date = startDate; date <= until; day += 1, date = addDays(startDate, day - 1)) {
    const c = count(statesAt(households, steps, date).values());
    points.push({ day, date, signed: signedOrLater(c), moved: c.moved + c.demolished, demolished: c.demolished, milestone: MILESTONE_DAYS.includes(day) });
  }
  return points;
}
