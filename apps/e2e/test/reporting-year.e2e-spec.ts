import { buildLinshanzhaiDataset, interiorPointOf, SUBDISTRICT_CODE, type DemoNode } from '@citygrid/demo-data';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { KPI_DEFINITIONS } from '@citygrid/contracts/reporting';
import { eventually, FakeClock, startPrivatePostgres, type PrivatePostgres } from '@citygrid/testing';

import { startStack, type Stack } from './stack';

/**
 * A year of one subdistrict through the gateway. The services and a PostgreSQL cluster of this
 * file's own run on a clock of their own (libfaketime), which the test moves through 2025 three
 * times a week and at the edges of the periods it reads: some 2,000 cases are reported in all 51
 * level-3 grids and walked along every lifecycle path (closed on time, closed late, returned,
 * reworked, rejected, cancelled, escalated, extended, supervised, suspended, reopened, merged,
 * left open or overdue), patrols and visits are logged, a community is created in February and
 * one of its grids retired in July, and reporting builds its figures from the events alone.
 *
 * The test counts every KPI itself, from its own records of what the API answered, and compares
 * them with the reports of the subdistrict, a community, a level-3 grid, a class and a sub-class
 * over a quarter and a custom range, the year by month, the quarter by day, the breakdowns by
 * community and by class (the rows adding up to the totals), and all of it again after a rebuild
 * from the stream. About four minutes on two cores.
 */

const SUB = SUBDISTRICT_CODE;
const COMMUNITY = `${SUB}001`;
const GRID = `${COMMUNITY}0101`;
/** The community created in February, and its grid retired in July. */
const LATE = `${SUB}012`;
const RETIRED = `${LATE}0101`;
const TZ = 'Asia/Shanghai';
const CASES = 2000;
const SEED = 20250101;
/** Requests in flight at once. */
const PARALLEL = 8;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Actions of a tick happen within seconds of it; a tick chosen to be before (after) a deadline is this much before (after) it. */
const MARGIN = 15 * MINUTE;

/** An instant given in Beijing time, `YYYY-MM-DDTHH:MM`. */
const cst = (local: string): number => Date.parse(`${local}:00+08:00`);
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: TZ });
const days = new Map<string | number, string>();
/** The day of an instant in the working time zone, `YYYY-MM-DD`. */
const dayOf = (t: string | number): string => {
  let d = days.get(t);
  if (d === undefined) days.set(t, (d = DAY_FORMAT.format(new Date(t))));
  return d;
};
const dayBefore = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
const daysFromTo = (from: string, to: string): number => (from > to ? 0 : Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1);

/** When the tree is created, before the first case; when the late community is created, and its grid retired. */
const SETUP_AT = cst('2024-12-16T10:00');
const LATE_AT = cst('2025-02-12T15:00');
const RETIRE_AT = cst('2025-07-09T15:00');
/** When the figures are read: weeks after the last deadline of the year. */
const QUERY_AT = cst('2026-01-31T10:00');
/**
 * Ticks beside the three a week: the two changes of the tree, and around midnight and before
 * 08:00 Beijing time (the day before in UTC) at the edges of the year, the quarter and the custom
 * range.
 */
const EXTRA_TICKS = [
  '2025-02-12T15:00',
  '2025-07-09T15:00',
  '2025-01-01T00:30',
  '2025-03-31T23:40',
  '2025-04-01T07:10',
  '2025-04-30T23:30',
  '2025-05-01T06:50',
  '2025-08-31T23:30',
  '2025-09-01T00:20',
  '2025-12-31T23:30',
];

/**
 * Chance, from mulberry32: the same year on every run. Each script throws its own dice, so what
 * it does does not depend on how the requests of a tick interleave.
 */
class Dice {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    if (!xs.length) throw new Error('nothing to pick from');
    return xs[this.int(xs.length)] as T;
  }
}

/** The lifecycle paths and how often each is walked. */
const PATHS = {
  onTime: 27,
  late: 11,
  returned: 4,
  reworked: 10,
  rejected: 8,
  cancelled: 2,
  escalated: 9,
  extended: 4,
  supervised: 4,
  suspended: 3,
  reopened: 8,
  merged: 7,
  leftOpen: 6,
} as const;
type PathName = keyof typeof PATHS;

/** Sub-classes used, with limits from hours to ten working days. */
const CATEGORIES = ['CM05', 'CM06', 'CM01', 'CM03', 'SJ0101', 'SJ0102', 'SJ0201', 'SJ0301', 'BJ0103', 'BJ0302', 'KA03', 'KA06'];

interface CaseView {
  id: string;
  gridCode: string;
  gridPath: string[];
  state: string;
  deadline: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One thing that happened to a case, at the time and with the state the API answered. */
interface Happening {
  name: string;
  at: string;
  state: string;
}

/** What the test itself knows of a case, from the API's answers. */
interface CaseRecord {
  path: PathName;
  id: string;
  grid: string;
  gridPath: string[];
  category: string;
  reportedAt: string;
  happenings: Happening[];
  state: string;
  deadline: string | null;
  /** The closing that stands: when, and the deadline in force then. */
  closedAt: string | null;
  dueAtClose: string | null;
  /** Acting in the current tick (not a merge target then). */
  busy: boolean;
}

interface FieldRecord {
  kind: 'patrol' | 'visit';
  grid: string;
  gridPath: string[];
  day: string;
  /** Visits of a key location 重点场所: the place. */
  keyLocation?: string;
}

const OPEN_STATES = ['reported', 'filed', 'dispatched', 'accepted', 'returned', 'handled', 'suspended'];
const CLOCKED_STATES = ['dispatched', 'accepted', 'returned'];
const EVENT_OF: Readonly<Record<string, string>> = {
  file: 'filed',
  reject: 'rejected',
  dispatch: 'dispatched',
  accept: 'accepted',
  return: 'returned',
  handle: 'handled',
  reopen: 'reopened',
  cancel: 'cancelled',
  escalate: 'escalated',
  merge: 'merged',
  extend: 'extension-requested',
  'approve-extension': 'extended',
  suspend: 'suspension-requested',
  'approve-suspension': 'suspended',
  resume: 'resumed',
};

/**
 * The ticks of the simulated year and the scripts waiting for them. A script (one case, or the
 * field work of a tick) runs its steps at the current tick and parks itself until a later one;
 * the clock moves on once every script of the tick has parked or ended.
 */
class Timeline {
  k = -1;
  readonly failures: unknown[] = [];
  private readonly parked = new Map<number, Array<() => void>>();
  private active = 0;
  private onIdle?: () => void;

  constructor(readonly ticks: readonly number[]) {}

  /** The first tick after `t` (ms) that is still to come, or undefined. */
  firstAfter(t: number): number | undefined {
    const i = this.ticks.findIndex((x, j) => j > this.k && x > t);
    return i === -1 ? undefined : i;
  }

  /** The ticks still to come before `t` (ms). */
  before(t: number): number[] {
    return this.ticks.flatMap((x, i) => (i > this.k && x < t ? [i] : []));
  }

  /** Start `script` at tick `k`. */
  spawn(k: number, script: () => Promise<void>): void {
    // started after every script of the tick is woken (and its case marked busy)
    this.park(
      k,
      () =>
        void Promise.resolve()
          .then(script)
          .catch((err: unknown) => this.failures.push(err))
          .finally(() => this.settle()),
    );
  }

  /** Park the running script until tick `k`; false at once when `k` is past the last tick (its case left as it is). */
  wait(k: number | undefined, r?: CaseRecord): Promise<boolean> {
    if (k === undefined || k >= this.ticks.length) return Promise.resolve(false);
    if (k <= this.k) throw new Error(`tick ${k} is not after tick ${this.k}`);
    if (r) r.busy = false;
    const resumed = new Promise<boolean>((resolve) =>
      this.park(k, () => {
        if (r) r.busy = true;
        resolve(true);
      }),
    );
    this.settle();
    return resumed;
  }

  /** Run tick `k`: wake its scripts and wait until each has parked or ended. */
  async run(k: number): Promise<void> {
    this.k = k;
    const woken = this.parked.get(k) ?? [];
    this.parked.delete(k);
    this.active += woken.length;
    const idle = new Promise<void>((resolve) => (this.onIdle = resolve));
    for (const wake of woken) wake();
    if (this.active === 0) this.onIdle?.();
    await idle;
  }

  private park(k: number, wake: () => void): void {
    const list = this.parked.get(k) ?? [];
    list.push(wake);
    this.parked.set(k, list);
  }

  private settle(): void {
    this.active -= 1;
    if (this.active === 0) this.onIdle?.();
  }
}

/** At most `n` at once. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/** `numerator / denominator` in percent, rounded half-up to 2 places, as the definitions say. */
function percent(numerator: number, denominator: number): string | null {
  if (denominator === 0) return null;
  const hundredths = (BigInt(numerator) * 10000n * 2n + BigInt(denominator)) / (2n * BigInt(denominator));
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** Hours of `ms` over `n`, rounded half-up to 2 places. */
function meanHours(ms: number, n: number): string | null {
  if (n === 0) return null;
  const hundredths = (BigInt(ms) * 100n * 2n + BigInt(n) * 3_600_000n) / (2n * BigInt(n) * 3_600_000n);
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/**
 * Upper edges of the buckets of hours to close, as the definition of p90HoursToClose reads: 15
 * minutes up to 1 h, 1 h up to 24 h, 6 h up to 3 days, 12 h up to 7 days, 1 day up to 30 days,
 * 7 days up to a year; beyond a year, 8760.
 */
const EDGES_H: number[] = (() => {
  const out = [0.25, 0.5, 0.75, 1];
  const up = (to: number, step: number) => {
    for (let h = (out.at(-1) ?? 0) + step; h <= to; h += step) out.push(h);
  };
  up(24, 1);
  up(72, 6);
  up(168, 12);
  up(720, 24);
  up(8760, 168);
  if (out.at(-1) !== 8760) out.push(8760);
  return out;
})();

/** The hours within which 90% of `durations` (ms) fall: the upper edge of the bucket holding the ⌈0.9·n⌉-th. */
function p90(durations: number[]): string | null {
  if (!durations.length) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  const nth = sorted[Math.ceil((sorted.length * 9) / 10) - 1] ?? 0;
  const edge = EDGES_H.find((h) => nth <= h * HOUR) ?? 8760;
  return edge.toFixed(2);
}

/** Ticketing's default working periods (`WORK_HOURS` 08:30-12:00,14:00-18:00), minutes after midnight. */
const WORK_PERIODS: Array<[number, number]> = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 18 * 60],
];

/** Working time from `from` to `to` (epoch ms), counted here on its own: Monday to Friday (no holidays are set), inside the working periods, Beijing time (UTC+8 all year). */
function workingMs(from: number, to: number): number {
  const offset = 8 * HOUR;
  let total = 0;
  for (let midnight = Math.floor((from + offset) / DAY) * DAY - offset; midnight < to; midnight += DAY) {
    const weekday = new Date(midnight + offset).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [start, end] of WORK_PERIODS) total += Math.max(0, Math.min(midnight + end * MINUTE, to) - Math.max(midnight + start * MINUTE, from));
  }
  return total;
}

describe('a year of one subdistrict through the gateway', () => {
  let stack: Stack;
  let pg: PrivatePostgres | undefined;
  let clock: FakeClock | undefined;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const pathOf = (code: string): string[] => {
    const out: string[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n.code);
    return out;
  };
  const grids: DemoNode[] = data.nodes.filter((n) => n.kind === 'grid' && n.gridLevel === 3);
  const communities: DemoNode[] = data.nodes.filter((n) => n.kind === 'community');
  /** Level-3 grids in which points resolve at `t`: the late community's after it was created, the retired grid before it was retired. */
  const gridsAt = (t: number): DemoNode[] => grids.filter((g) => (t > LATE_AT || !g.code.startsWith(LATE)) && (t < RETIRE_AT || g.code !== RETIRED));

  const tokens = new Map<string, string>();
  const limit = limiter(PARALLEL);
  const records: CaseRecord[] = [];
  const fieldLogs: FieldRecord[] = [];
  /** Day each level-3 grid was created on, and retired on, as grid-registry answered. */
  const gridCreated = new Map<string, string>();
  const gridRetired = new Map<string, string>();
  /** Households to visit, by grid. */
  const households = new Map<string, string>();
  /** Key locations 重点场所 by grid: the place and the day it was registered. */
  const keyLocations = new Map<string, { placeId: string; day: string }>();
  /** Supervision flags that tightened a running deadline at once. */
  let tightened = 0;
  let timeline: Timeline;

  /** One request through the gateway as `who`; the answer must have `status`. */
  async function api<T>(who: string, method: 'GET' | 'POST', path: string, status: number, body?: object): Promise<T> {
    const token = tokens.get(who);
    if (!token) throw new Error(`no token for ${who}`);
    return limit(async () => {
      const res = await fetch(`${stack.gateway.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (res.status !== status) throw new Error(`${method} ${path} as ${who}: ${res.status}, not ${status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    });
  }

  const member = (r: CaseRecord): string => `member:${r.grid}`;
  const operator = (r: CaseRecord): string => `operator:${r.gridPath[3]}`;

  /** Create a node as grid-registry's administrator, noting the days of the level-3 grids. */
  async function createNode(n: DemoNode): Promise<void> {
    const view = await api<{ createdAt: string }>('admin', 'POST', '/api/v1/nodes', 201, {
      code: n.code,
      name: n.name,
      kind: n.kind,
      ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
      ...(n.parentCode ? { parentCode: n.parentCode } : {}),
      boundary: n.boundary,
    });
    if (n.kind === 'grid' && n.gridLevel === 3) gridCreated.set(n.code, dayOf(view.createdAt));
  }

  /** Report a case in `grid`, as its grid member, and keep its record. */
  async function report(path: PathName, grid: string, category: string): Promise<CaseRecord> {
    const view = await api<CaseView>(`member:${grid}`, 'POST', '/api/v1/cases', 201, {
      source: 'patrol',
      categoryCode: category,
      description: '巡查发现',
      address: '林山寨街道',
      location: { type: 'Point', coordinates: interiorPointOf(byCode.get(grid)!) },
    });
    if (view.gridCode !== grid) throw new Error(`a case reported inside ${grid} was put in ${view.gridCode}`);
    const r: CaseRecord = {
      path,
      id: view.id,
      grid: view.gridCode,
      gridPath: view.gridPath,
      category,
      reportedAt: view.createdAt,
      happenings: [{ name: 'reported', at: view.createdAt, state: view.state }],
      state: view.state,
      deadline: view.deadline,
      closedAt: null,
      dueAtClose: null,
      busy: true,
    };
    records.push(r);
    return r;
  }

  /** Take a case one step, as `who`, and note what the answer says. */
  async function step(r: CaseRecord, who: string, action: string, body: object = {}): Promise<void> {
    const before = r.deadline;
    const view = await api<CaseView>(who, 'POST', `/api/v1/cases/${r.id}/${action}`, 200, body);
    const name = action === 'verify' ? (view.state === 'closed' ? 'closed' : 'reworked') : EVENT_OF[action];
    if (!name) throw new Error(`no event known for ${action}`);
    r.happenings.push({ name, at: view.updatedAt, state: view.state });
    r.state = view.state;
    r.deadline = view.deadline;
    if (name === 'closed') {
      r.closedAt = view.closedAt;
      r.dueAtClose = before;
    }
    if (name === 'reopened') {
      r.closedAt = null;
      r.dueAtClose = null;
    }
  }

  /** A supervision flag 督办 with a deadline `ms` from now: it tightens a running deadline at once, a later one at dispatch. */
  async function supervise(r: CaseRecord, ms: number): Promise<void> {
    const deadline = new Date(clock!.now().getTime() + ms).toISOString();
    await api('supervisor', 'POST', '/api/v1/supervision/flags', 201, { caseId: r.id, deadline, note: '街道督办' });
    const before = r.deadline;
    r.deadline = (await api<CaseView>('supervisor', 'GET', `/api/v1/cases/${r.id}`, 200)).deadline;
    if (before !== null && r.deadline !== before) tightened++;
  }

  const deadlineOf = (r: CaseRecord): number => {
    if (!r.deadline) throw new Error(`case ${r.id} (${r.path}) has no deadline in state ${r.state}`);
    return Date.parse(r.deadline);
  };

  /** A tick still before the case's deadline, or undefined for the current one. */
  const onTimeTick = (d: Dice, r: CaseRecord): number | undefined => {
    const options = timeline.before(deadlineOf(r) - MARGIN);
    return d.chance(0.35) || !options.length ? undefined : d.pick(options);
  };

  /** A tick past the case's deadline (the first, or one of the next two). */
  const lateTick = (d: Dice, r: CaseRecord): number | undefined => {
    const first = timeline.firstAfter(deadlineOf(r) + MARGIN);
    return first === undefined ? undefined : Math.min(first + d.int(3), timeline.ticks.length - 1);
  };

  /** Go on at tick `k` (undefined: now). False when `k` is past the year: the case stays as it is. */
  const at = async (r: CaseRecord, k: number | undefined): Promise<boolean> => (k === undefined ? true : timeline.wait(k, r));
  const next = (r: CaseRecord): Promise<boolean> => timeline.wait(timeline.k + 1, r);

  async function fileAndDispatch(r: CaseRecord): Promise<void> {
    await step(r, operator(r), 'file');
    await step(r, operator(r), 'dispatch', { target: 'grid_staff', notes: '请网格员处置' });
  }

  /**
   * Accepted (when not yet), handled and verified as passed; with `slow`, verified only at the
   * next tick (hours or days later: sometimes past the 24-hour limit of a timely verification).
   */
  async function close(r: CaseRecord, slow = false): Promise<void> {
    if (r.state === 'dispatched') await step(r, member(r), 'accept');
    await step(r, member(r), 'handle', { notes: '已处置' });
    if (slow && !(await next(r))) return;
    await step(r, 'supervisor', 'verify', { passed: true });
  }

  /** Closed on time, or late (then a third of the time verified a tick after its handling), from a dispatched or accepted case. */
  async function closeOnTimeOrLate(d: Dice, r: CaseRecord, late: boolean): Promise<void> {
    if (await at(r, late ? lateTick(d, r) : onTimeTick(d, r))) await close(r, late && d.chance(0.3));
  }

  /** The script of one case along its path, from the tick it is reported at. */
  async function walk(d: Dice, path: PathName, grid: string, category: string): Promise<void> {
    if (path === 'merged') return merged(d, grid, category);
    const r = await report(path, grid, category);
    try {
      await along(d, r);
    } finally {
      r.busy = false;
    }
  }

  async function along(d: Dice, r: CaseRecord): Promise<void> {
    switch (r.path) {
      case 'onTime':
        if (d.chance(0.3) && !(await next(r))) return;
        await fileAndDispatch(r);
        if (d.chance(0.5)) await step(r, member(r), 'accept');
        return closeOnTimeOrLate(d, r, false);
      case 'late':
        await fileAndDispatch(r);
        if (d.chance(0.6)) await step(r, member(r), 'accept');
        return closeOnTimeOrLate(d, r, true);
      case 'returned':
        await fileAndDispatch(r);
        await step(r, member(r), 'return', { reason: '不属于本网格' });
        if (d.chance(0.5) && !(await next(r))) return;
        await step(r, operator(r), 'dispatch', { target: 'grid_staff', notes: '重新派遣' });
        return closeOnTimeOrLate(d, r, d.chance(0.4));
      case 'reworked': {
        await fileAndDispatch(r);
        await step(r, member(r), 'accept');
        for (let round = d.chance(0.2) ? 2 : 1; round > 0; round--) {
          if (!(await at(r, d.chance(0.5) ? onTimeTick(d, r) : undefined))) return;
          await step(r, member(r), 'handle', { notes: '已处置' });
          await step(r, 'supervisor', 'verify', { passed: false, notes: '未处置到位' });
        }
        return closeOnTimeOrLate(d, r, d.chance(0.4));
      }
      case 'rejected':
        if (d.chance(0.4) && !(await next(r))) return;
        return step(r, operator(r), 'reject', { reason: '不属于受理范围' });
      case 'cancelled':
        await step(r, operator(r), 'file');
        if (d.chance(0.5)) await step(r, operator(r), 'dispatch', { target: 'grid_staff' });
        return step(r, operator(r), 'cancel', { reason: '上报人撤回' });
      case 'escalated': {
        await step(r, operator(r), 'file');
        if (d.chance(0.2)) await step(r, operator(r), 'escalate', { reason: '需街道协调' });
        await step(r, operator(r), 'dispatch', { target: 'grid_staff' });
        if (d.chance(0.5)) await step(r, member(r), 'accept');
        if (d.chance(0.5) && !(await at(r, d.chance(0.5) ? onTimeTick(d, r) : lateTick(d, r)))) return;
        await step(r, d.chance(0.5) ? member(r) : operator(r), 'escalate', { reason: '本级无法处置' });
        if (d.chance(0.4)) return; // left escalated, open: overdue by the end of the year
        return closeOnTimeOrLate(d, r, d.chance(0.4));
      }
      case 'extended': {
        await fileAndDispatch(r);
        await step(r, member(r), 'accept');
        const first = deadlineOf(r);
        if (!(await at(r, onTimeTick(d, r)))) return;
        await step(r, member(r), 'extend', { amount: 1 + d.int(4), unit: 'working_days', reason: '需协调施工单位' });
        await step(r, operator(r), 'approve-extension', { notes: '同意延期' });
        // past the first deadline: before the new one, or past it too
        const within = timeline.before(deadlineOf(r) - MARGIN).filter((k) => (timeline.ticks[k] ?? 0) > first + MARGIN);
        if (await at(r, d.chance(0.4) ? lateTick(d, r) : within.length ? d.pick(within) : undefined)) await close(r);
        return;
      }
      case 'supervised': {
        await step(r, operator(r), 'file');
        // pending until the dispatch, which takes the earlier of it and the sub-class limit
        if (d.chance(0.4)) await supervise(r, (1 + d.int(48)) * HOUR);
        await step(r, operator(r), 'dispatch', { target: 'grid_staff' });
        if (d.chance(0.5)) await step(r, member(r), 'accept');
        const room = deadlineOf(r) - clock!.now().getTime();
        if (room > 2 * HOUR && d.chance(0.7)) await supervise(r, HOUR + d.int(room - 2 * HOUR));
        return closeOnTimeOrLate(d, r, d.chance(0.4));
      }
      case 'suspended': {
        await fileAndDispatch(r);
        await step(r, member(r), 'accept');
        if (!(await at(r, onTimeTick(d, r)))) return;
        await step(r, member(r), 'suspend', { reason: '等待产权单位答复' });
        await step(r, operator(r), 'approve-suspension', { notes: '同意挂账' });
        if (d.chance(0.3)) return; // left suspended: open, not due, not overdue
        if (!(await at(r, timeline.k + 1 + d.int(4)))) return;
        await step(r, operator(r), 'resume', { notes: '恢复办理' });
        return closeOnTimeOrLate(d, r, d.chance(0.4));
      }
      case 'reopened': {
        await fileAndDispatch(r);
        if (!(await at(r, onTimeTick(d, r)))) return;
        await close(r);
        for (let round = d.chance(0.15) ? 2 : 1; round > 0; round--) {
          // within the reopen window of 7 days
          const window = timeline.before(Date.parse(r.closedAt ?? '') + 7 * DAY - MARGIN);
          if (d.chance(0.5) && window.length && !(await at(r, d.pick(window)))) return;
          await step(r, operator(r), 'reopen', { reason: '问题复发' });
          if (d.chance(0.35)) return; // left filed: open, not due
          if (d.chance(0.5) && !(await next(r))) return;
          await step(r, operator(r), 'dispatch', { target: 'grid_staff', notes: '复发重派' });
          if (!(await at(r, d.chance(0.7) ? onTimeTick(d, r) : lateTick(d, r)))) return;
          await close(r);
        }
        return;
      }
      case 'leftOpen': {
        const stage = d.next();
        if (stage < 0.3) return; // reported, never filed
        await step(r, operator(r), 'file');
        if (stage < 0.55) return;
        await step(r, operator(r), 'dispatch', { target: 'grid_staff' });
        if (d.chance(0.5)) await step(r, member(r), 'accept');
        return; // dispatched or accepted, overdue by the end of the year
      }
      case 'merged':
        return;
    }
  }

  /**
   * A duplicate of an open case of the same grid (or community), reported there and merged into
   * it; the target is one that nothing happened to since the tick before.
   */
  async function merged(d: Dice, grid: string, category: string): Promise<void> {
    const tick = timeline.ticks[timeline.k] ?? 0;
    const open = (r: CaseRecord) =>
      !r.busy &&
      r.path !== 'merged' &&
      OPEN_STATES.includes(r.state) &&
      Date.parse(r.happenings.at(-1)?.at ?? '') < tick &&
      Date.parse(r.reportedAt) > tick - 30 * DAY &&
      gridsAt(tick).some((g) => g.code === r.grid);
    const inGrid = records.filter((r) => r.grid === grid && open(r));
    const candidates = inGrid.length ? inGrid : records.filter((r) => r.gridPath[3] === pathOf(grid)[3] && open(r));
    const target = candidates.length ? d.pick(candidates) : undefined;
    if (target) target.busy = true;
    try {
      const r = await report('merged', target?.grid ?? grid, target?.category ?? category);
      r.busy = false;
      if (!target) return; // nothing open to merge into: left reported
      const stage = d.next();
      if (stage < 0.6) await step(r, operator(r), 'file');
      if (stage < 0.3) await step(r, operator(r), 'dispatch', { target: 'grid_staff' });
      await step(r, operator(r), 'merge', { intoId: target.id });
    } finally {
      if (target) target.busy = false;
    }
  }

  /** Patrols (now and then of the day before) and a visit, logged by the grid members. */
  async function fieldWork(d: Dice): Promise<void> {
    const now = clock!.now().getTime();
    const open = gridsAt(timeline.ticks[timeline.k] ?? 0);
    for (let i = d.int(4); i > 0; i--) {
      const grid = d.chance(0.2) ? GRID : d.pick(open).code;
      const startedAt = d.chance(0.1) ? now - 20 * HOUR : now - (30 + d.int(120)) * MINUTE;
      const endedAt = Math.min(startedAt + (20 + d.int(60)) * MINUTE, now - MINUTE);
      const view = await api<{ day: string }>(`member:${grid}`, 'POST', '/api/v1/patrols', 201, {
        gridCode: grid,
        startedAt: new Date(startedAt).toISOString(),
        endedAt: new Date(endedAt).toISOString(),
      });
      if (view.day !== dayOf(startedAt)) throw new Error(`a patrol started at ${new Date(startedAt).toISOString()} was logged on ${view.day}`);
      fieldLogs.push({ kind: 'patrol', grid, gridPath: pathOf(grid), day: dayOf(startedAt) });
    }
    if (d.chance(0.4)) {
      const [grid, placeId] = d.pick([...households.entries()]);
      const visitedAt = now - (10 + d.int(90)) * MINUTE;
      await api(`member:${grid}`, 'POST', '/api/v1/visits', 201, { gridCode: grid, placeId, visitedAt: new Date(visitedAt).toISOString(), notes: '入户走访' });
      fieldLogs.push({ kind: 'visit', grid, gridPath: pathOf(grid), day: dayOf(visitedAt) });
    }
    if (d.chance(0.5)) {
      // a key location's visit: covered on that day only if its grid was patrolled too
      const [grid, key] = d.pick([...keyLocations.entries()]);
      const visitedAt = now - (5 + d.int(60)) * MINUTE;
      await api(`member:${grid}`, 'POST', '/api/v1/visits', 201, { gridCode: grid, placeId: key.placeId, visitedAt: new Date(visitedAt).toISOString(), notes: '重点场所检查' });
      fieldLogs.push({ kind: 'visit', grid, gridPath: pathOf(grid), day: dayOf(visitedAt), keyLocation: key.placeId });
    }
  }

  /** The ticks: Monday before 08:00 (Sunday in UTC) and afternoon, Thursday morning, and the extra ones. */
  function buildTicks(d: Dice): number[] {
    const out = new Set<number>(EXTRA_TICKS.map(cst));
    for (let monday = cst('2024-12-16T00:00'); monday < cst('2026-01-01T00:00'); monday += 7 * DAY) {
      for (const t of [monday + 7 * HOUR + 20 * MINUTE, monday + 16 * HOUR + 30 * MINUTE, monday + 3 * DAY + 10 * HOUR]) out.add(t + d.int(25) * MINUTE);
    }
    return [...out].filter((t) => t > SETUP_AT && t < cst('2026-01-01T00:00')).sort((a, b) => a - b);
  }

  beforeAll(async () => {
    clock = FakeClock.create();
    clock.set(SETUP_AT);
    pg = await startPrivatePostgres({ env: clock.env });
    stack = await startStack(
      {},
      {
        withTicketing: true,
        withReporting: true,
        databaseUrl: pg.url,
        processEnv: { ...clock.env, LOG_LEVEL: 'warn' },
        // no overdue timer: every escalation is one the test made
        ticketingEnv: { ESCALATION_SCAN_MS: '2000000000' },
        gatewayEnv: { RATE_LIMIT_PER_MINUTE: '1000000' },
      },
    );
    const sign = async (name: string, caller: Partial<Caller>) => tokens.set(name, await stack.tokens.sign({ name, ...caller }, { expiresInS: 3600 }));
    tokens.set('admin', stack.adminToken);
    await sign('supervisor', { roles: [Role.Supervisor], nodeScope: SUB });
    for (const c of communities) await sign(`operator:${c.code}`, { roles: [Role.CommunityOperator], nodeScope: c.code });
    for (const g of grids) await sign(`member:${g.code}`, { roles: [Role.GridMember], nodeScope: g.code });

    const setup = new Dice(SEED);
    for (const n of data.nodes.filter((n) => !n.code.startsWith(LATE))) await createNode(n);
    for (const g of [
      GRID,
      ...gridsAt(SETUP_AT)
        .filter((g) => g.code !== GRID && setup.chance(0.15))
        .map((g) => g.code),
    ]) {
      const place = await api<{ id: string }>('admin', 'POST', '/api/v1/places', 201, {
        kind: 'household',
        name: `${g.slice(-4)}号院`,
        address: `林山寨街道${g.slice(-4)}号院`,
        members: 3,
        location: { type: 'Point', coordinates: interiorPointOf(byCode.get(g)!) },
      });
      households.set(g, place.id);
    }
    // key locations in the grid read below and a few others (none in the grid that will be retired: a place is never retired)
    for (const g of [
      GRID,
      ...gridsAt(SETUP_AT)
        .filter((g) => g.code !== GRID && g.code !== RETIRED && setup.chance(0.2))
        .map((g) => g.code),
    ]) {
      const place = await api<{ id: string; createdAt: string }>('admin', 'POST', '/api/v1/places', 201, {
        kind: 'key_location',
        name: `${g.slice(-4)}加油站`,
        address: `林山寨街道${g.slice(-4)}号`,
        category: 'gas_station',
        location: { type: 'Point', coordinates: interiorPointOf(byCode.get(g)!) },
      });
      keyLocations.set(g, { placeId: place.id, day: dayOf(place.createdAt) });
    }

    timeline = new Timeline(buildTicks(setup));
    const tickAt = (t: number): number => timeline.ticks.indexOf(t);
    // the late community, and the retirement of one of its grids
    timeline.spawn(tickAt(LATE_AT), async () => {
      for (const n of data.nodes.filter((n) => n.code.startsWith(LATE))) await createNode(n);
    });
    timeline.spawn(tickAt(RETIRE_AT), async () => {
      const view = await api<{ updatedAt: string }>('admin', 'POST', `/api/v1/nodes/${RETIRED}/retire`, 200, { reason: '并入相邻网格' });
      gridRetired.set(RETIRED, dayOf(view.updatedAt));
    });
    // the cases, each from a tick of its own, in every grid (more in the grid and community read below)
    const weights = Object.entries(PATHS) as Array<[PathName, number]>;
    const total = weights.reduce((n, [, w]) => n + w, 0);
    for (let i = 0; i < CASES; i++) {
      let x = setup.next() * total;
      const path = weights.find(([, w]) => (x -= w) < 0)?.[0] ?? 'onTime';
      // the first cases go one to each grid, while it takes reports
      const k = i < grids.length ? tickAt(RETIRE_AT) - 1 - i : setup.int(timeline.ticks.length);
      const open = gridsAt(timeline.ticks[k] ?? 0);
      const grid = i < grids.length ? grids[i]!.code : setup.chance(0.05) ? GRID : setup.chance(0.1) ? setup.pick(open.filter((g) => g.code.startsWith(COMMUNITY))).code : setup.pick(open).code;
      const category = setup.pick(CATEGORIES);
      const d = new Dice(SEED + 7919 * (i + 1));
      timeline.spawn(k, () => walk(d, path, grid, category));
    }
    for (let k = 0; k < timeline.ticks.length; k++) {
      const d = new Dice(SEED - 104729 * (k + 1));
      timeline.spawn(k, () => fieldWork(d));
    }

    for (let k = 0; k < timeline.ticks.length; k++) {
      clock.set(timeline.ticks[k]!);
      const started = Date.now();
      await timeline.run(k);
      if (timeline.failures.length) throw timeline.failures[0];
      // the margins around deadlines hold only while a tick lasts less than they do
      if (Date.now() - started > MARGIN / 2) throw new Error(`tick ${k} took ${Date.now() - started} ms`);
    }
    clock.set(QUERY_AT);
  }, 600_000);

  afterAll(async () => {
    const pids = stack ? [stack.gateway, stack.registry, stack.ticketing, stack.reporting].map((s) => s?.process.pid) : [];
    await stack?.stop();
    await pg?.stop();
    clock?.release(pids);
    clock?.remove();
  }, 60_000);

  const SETTLED = ['closed', 'rejected', 'cancelled', 'merged'];

  /** The case's state at the end of `day`: after the last thing that happened by then; undefined before it was reported. */
  const stateAt = (r: CaseRecord, day: string): string | undefined => r.happenings.filter((h) => dayOf(h.at) <= day).at(-1)?.state;

  /** The figures this test expects, counted from its own records of the cases and field logs that `keep` selects. */
  function expected(from: string, to: string, keep: { node: string; category?: string }, row = false): Record<string, unknown> {
    const inPeriod = (t: string | null): boolean => t !== null && dayOf(t) >= from && dayOf(t) <= to;
    const mine = records.filter((r) => r.gridPath.includes(keep.node) && (!keep.category || r.category.startsWith(keep.category)));
    const count = (name: string): number => mine.reduce((n, r) => n + r.happenings.filter((h) => h.name === name && inPeriod(h.at)).length, 0);
    const first = (name: string): number => mine.filter((r) => inPeriod(r.happenings.find((h) => h.name === name)?.at ?? null)).length;
    const dueAt = (r: CaseRecord): string | null => (r.closedAt ? r.dueAtClose : SETTLED.includes(r.state) ? null : r.deadline);
    const due = mine.filter((r) => inPeriod(dueAt(r)));
    const closedCases = mine.filter((r) => inPeriod(r.closedAt));
    const durations = closedCases.map((r) => Math.max(0, Date.parse(r.closedAt!) - Date.parse(r.reportedAt)));
    const workingDurations = closedCases.map((r) => workingMs(Date.parse(r.reportedAt), Date.parse(r.closedAt!)));
    const found = mine.filter((r) => inPeriod(r.reportedAt)).length;
    const filed = first('filed');
    const handled = count('handled');
    const reworked = count('reworked');
    const closedOnTime = due.filter((r) => r.closedAt !== null && r.dueAtClose !== null && r.closedAt <= r.dueAtClose).length;
    const now = clock!.now().toISOString();
    const rate = (numerator: number, denominator: number) => ({ numerator, denominator, percent: percent(numerator, denominator) });
    const field = (kind: FieldRecord['kind']) => fieldLogs.filter((l) => l.kind === kind && l.gridPath.includes(keep.node) && l.day >= from && l.day <= to);
    const today = dayOf(now);
    const coverTo = to < today ? to : today;
    // a grid counts from the day it was created to the day before it was retired
    const gridDays = grids
      .filter((g) => pathOf(g.code).includes(keep.node))
      .reduce((n, g) => {
        const created = gridCreated.get(g.code);
        if (!created) throw new Error(`grid ${g.code} was never created`);
        const retired = gridRetired.get(g.code);
        const last = retired && dayBefore(retired) < coverTo ? dayBefore(retired) : coverTo;
        return n + daysFromTo(created > from ? created : from, last);
      }, 0);
    const patrolledDays = new Set(field('patrol').map((l) => `${l.grid}|${l.day}`));
    const patrolled = patrolledDays.size;
    // key-location-days from the day each was registered, and those with a visit and a patrol of its grid
    const keyDays = [...keyLocations.entries()]
      .filter(([grid]) => pathOf(grid).includes(keep.node))
      .reduce((n, [, k]) => n + (k.day > coverTo ? 0 : daysFromTo(k.day > from ? k.day : from, coverTo)), 0);
    const keyCovered = new Set(
      field('visit')
        .filter((l) => l.keyLocation !== undefined && patrolledDays.has(`${l.grid}|${l.day}`))
        .map((l) => `${l.keyLocation}|${l.day}`),
    ).size;
    // verifications, passed or failed, on their day; timely within 24 hours of the handling they checked
    const verifications = mine.flatMap((r) =>
      r.happenings.flatMap((h, i) => {
        if ((h.name !== 'closed' && h.name !== 'reworked') || !inPeriod(h.at)) return [];
        const handledAt = r.happenings
          .slice(0, i)
          .reverse()
          .find((x) => x.name === 'handled')?.at;
        return [handledAt !== undefined && Date.parse(h.at) - Date.parse(handledAt) <= 24 * HOUR];
      }),
    );
    const verifiedOnTime = verifications.filter(Boolean).length;
    const fieldWork = keep.category === undefined;
    return {
      found,
      filed,
      rejected: first('rejected'),
      dispatched: first('dispatched'),
      handled,
      closed: closedCases.length,
      due: due.length,
      closedOnTime,
      overdueNow: row ? null : mine.filter((r) => CLOCKED_STATES.includes(r.state) && r.deadline !== null && r.deadline < now).length,
      reworked,
      escalated: count('escalated'),
      reopened: count('reopened'),
      verified: verifications.length,
      verifiedOnTime,
      open: mine.filter((r) => OPEN_STATES.includes(stateAt(r, to) ?? 'not yet reported')).length,
      closureRate: rate(closedCases.length, found),
      onTimeRate: rate(closedOnTime, due.length),
      reworkRate: rate(reworked, handled),
      filingRate: rate(filed, found),
      verificationOnTimeRate: rate(verifiedOnTime, verifications.length),
      avgHoursToClose: meanHours(
        durations.reduce((a, b) => a + b, 0),
        durations.length,
      ),
      p90HoursToClose: p90(durations),
      avgWorkingHoursToClose: meanHours(
        workingDurations.reduce((a, b) => a + b, 0),
        workingDurations.length,
      ),
      p90WorkingHoursToClose: p90(workingDurations),
      patrols: fieldWork ? field('patrol').length : null,
      patrolCoverage: fieldWork ? rate(patrolled, gridDays) : null,
      visits: fieldWork ? field('visit').length : null,
      keyLocationCoverage: fieldWork ? rate(keyCovered, keyDays) : null,
    };
  }

  interface Report {
    figures: Record<string, unknown>;
    rows: Array<{ key: string; name: string | null; figures: Record<string, unknown> }>;
    period: { from: string; to: string; label: string | null; timeZone: string };
    rebuilding: boolean;
  }
  const kpis = (query: string) => api<Report>('admin', 'GET', `/api/v1/reports/kpis?${query}`, 200);

  const PERIODS: Array<[string, string, string, string]> = [
    ['2025-Q1', 'period=2025-Q1', '2025-01-01', '2025-03-31'],
    ['2025-05-01..2025-08-31', 'from=2025-05-01&to=2025-08-31', '2025-05-01', '2025-08-31'],
  ];

  it("spreads the cases over the year, every grid and every path, on the services' clock", async () => {
    expect(records).toHaveLength(CASES);
    // the services' clock was the simulated one: every case reported in its tick's day
    expect(records.every((r) => r.reportedAt >= '2024-12-16' && r.reportedAt < '2026-01-01')).toBe(true);
    const months = new Set(records.map((r) => dayOf(r.reportedAt).slice(0, 7)));
    for (let m = 1; m <= 12; m++) expect(months).toContain(`2025-${String(m).padStart(2, '0')}`);
    expect(new Set(records.map((r) => r.grid)).size).toBe(grids.length);
    // the late community took reports only once it was created, the retired grid only until it was retired
    expect(records.filter((r) => r.grid.startsWith(LATE) && Date.parse(r.reportedAt) < LATE_AT)).toEqual([]);
    expect(records.filter((r) => r.grid === RETIRED && Date.parse(r.reportedAt) > RETIRE_AT)).toEqual([]);
    expect([gridCreated.get(`${LATE}0102`), gridRetired.get(RETIRED)]).toEqual([dayOf(LATE_AT), dayOf(RETIRE_AT)]);
    const closings = records.filter((r) => r.closedAt !== null);
    const late = closings.filter((r) => r.dueAtClose !== null && r.closedAt! > r.dueAtClose);
    const happened = (name: string) => records.filter((r) => r.happenings.some((h) => h.name === name)).length;
    const outcomes = {
      onTime: closings.length - late.length,
      late: late.length,
      returned: happened('returned'),
      reworked: happened('reworked'),
      rejected: happened('rejected'),
      cancelled: happened('cancelled'),
      escalated: happened('escalated'),
      extended: happened('extended'),
      supervised: tightened,
      suspended: happened('suspended'),
      resumed: happened('resumed'),
      reopened: happened('reopened'),
      reopenedAndClosedAgain: records.filter((r) => r.closedAt !== null && r.happenings.some((h) => h.name === 'reopened')).length,
      merged: happened('merged'),
      overdue: records.filter((r) => CLOCKED_STATES.includes(r.state)).length,
      neverFiled: records.filter((r) => r.state === 'reported').length,
    };
    for (const [outcome, n] of Object.entries(outcomes)) expect([outcome, n >= 20]).toEqual([outcome, true]);
    // closings within minutes and over weeks: the histogram has more than a few buckets
    const buckets = new Set(closings.map((r) => p90([Date.parse(r.closedAt!) - Date.parse(r.reportedAt)])));
    expect(buckets.size).toBeGreaterThan(15);
    // the figures are read weeks after the last deadline: no open case is near passing it
    expect(records.filter((r) => r.deadline !== null && Math.abs(Date.parse(r.deadline) - QUERY_AT) < 2 * DAY)).toEqual([]);
  });

  it('names every KPI of the definitions in its expectations', () => {
    const year = expected('2025-01-01', '2025-12-31', { node: SUB });
    expect(Object.keys(year).sort()).toEqual(KPI_DEFINITIONS.map((d) => d.key).sort());
    // both sides of the timely verifications and of the key-location coverage occur
    const rateOf = (k: string) => year[k] as { numerator: number; denominator: number };
    for (const k of ['verificationOnTimeRate', 'keyLocationCoverage']) {
      expect([k, rateOf(k).numerator > 0, rateOf(k).numerator < rateOf(k).denominator]).toEqual([k, true, true]);
    }
  });

  /** Every day (or month) of a period as a row, each with what happened within it and `open` at its end. */
  async function expectRows(query: string, rows: Array<[key: string, from: string, to: string]>): Promise<void> {
    await settled(async () => {
      const got = await kpis(query);
      expect(got.rows.map((r) => r.key)).toEqual(rows.map(([key]) => key));
      got.rows.forEach((row, i) => {
        const [key, from, to] = rows[i]!;
        expect([key, row.figures]).toEqual([key, expected(from, to, { node: SUB }, true)]);
      });
    });
  }

  /** The figures of `node` (and `category`) over `from`..`to` as the test counts them, and the period as asked. */
  async function expectFigures(query: string, from: string, to: string, node: string, category?: string, timeoutMs?: number): Promise<void> {
    await settled(async () => {
      const got = await kpis(`node=${node}&${query}${category ? `&category=${category}` : ''}`);
      expect([node, category, got.figures]).toEqual([node, category, expected(from, to, { node, ...(category ? { category } : {}) })]);
      expect(got.period).toEqual({ from, to, label: query.startsWith('period=') ? query.slice(7) : null, timeZone: TZ });
      expect(got.rebuilding).toBe(false);
    }, timeoutMs);
  }

  /** `check` passes, now or once reporting has applied the last events (it applies them as they come). */
  const settled = (check: () => Promise<void>, timeoutMs = 10_000): Promise<boolean> =>
    eventually(
      async () => {
        await check();
        return true;
      },
      timeoutMs,
      500,
    );

  const SLICES: Array<[what: string, node: string, category: string | undefined]> = [
    ['the subdistrict', SUB, undefined],
    ['a community', COMMUNITY, undefined],
    ['a level-3 grid', GRID, undefined],
    ['a class', SUB, 'CM'],
    ['a sub-class', COMMUNITY, 'SJ01'],
  ];
  const months = Array.from({ length: 12 }, (_, i): [string, string, string] => {
    const key = `2025-${String(i + 1).padStart(2, '0')}`;
    return [key, `${key}-01`, new Date(Date.UTC(2025, i + 1, 0)).toISOString().slice(0, 10)];
  });
  const q1Days = Array.from({ length: 90 }, (_, i): [string, string, string] => {
    const d = new Date(Date.parse('2025-01-01T00:00:00Z') + i * DAY).toISOString().slice(0, 10);
    return [d, d, d];
  });

  it('gives the year month by month, and the first quarter day by day, each row as the test counts it', async () => {
    // the first read waits longest: reporting may still be applying the last ticks
    await expectFigures('period=2025', '2025-01-01', '2025-12-31', SUB, undefined, 120_000);
    await expectRows(`node=${SUB}&period=2025&groupBy=month`, months);
    await expectRows(`node=${SUB}&period=2025-Q1&groupBy=day`, q1Days);
  }, 180_000);

  describe.each(PERIODS)('over %s', (_label, query, from, to) => {
    it.each(SLICES)(
      'gives %s the figures the test counts from its own records',
      async (_what, node, category) => {
        expect(expected(from, to, { node, ...(category ? { category } : {}) })['found']).toBeGreaterThan(0);
        await expectFigures(query, from, to, node, category);
      },
      30_000,
    );

    it('breaks the subdistrict down by community and by class, each row as counted, the rows adding up', async () => {
      const byChild = await kpis(`node=${SUB}&${query}&groupBy=child`);
      expect(byChild.rows.map((r) => [r.key, r.name])).toEqual(communities.map((c) => [c.code, c.name]));
      for (const row of byChild.rows) expect([row.key, row.figures]).toEqual([row.key, expected(from, to, { node: row.key })]);
      const byClass = await kpis(`node=${SUB}&${query}&groupBy=category`);
      expect(byClass.rows.map((r) => r.key)).toEqual(['BJ', 'CM', 'KA', 'SJ']);
      for (const row of byClass.rows) expect([row.key, row.figures]).toEqual([row.key, expected(from, to, { node: SUB, category: row.key })]);
      // the counts of the rows add up to the totals (every case and log lies in one community and one class)
      const counts = ['found', 'filed', 'rejected', 'dispatched', 'handled', 'closed', 'due', 'closedOnTime', 'overdueNow', 'reworked', 'escalated', 'reopened', 'open'];
      for (const breakdown of [byChild, byClass]) {
        for (const key of counts) {
          const sum = breakdown.rows.reduce((n, r) => n + Number(r.figures[key]), 0);
          expect([key, sum]).toEqual([key, breakdown.figures[key]]);
        }
      }
      for (const key of ['patrols', 'visits']) expect([key, byChild.rows.reduce((n, r) => n + Number(r.figures[key]), 0)]).toEqual([key, byChild.figures[key]]);
    }, 30_000);
  });

  it('rebuilds the year from the stream to the same figures', async () => {
    const started = await api<{ id: string }>('admin', 'POST', '/api/v1/reports/rebuild', 202);
    const done = await eventually(
      async () => {
        const run = await api<{ id: string; status: string }>('admin', 'GET', '/api/v1/reports/rebuild', 200);
        return run.status === 'running' ? undefined : run;
      },
      120_000,
      500,
    );
    expect(done).toMatchObject({ id: started.id, status: 'completed' });
    await expectRows(`node=${SUB}&period=2025&groupBy=month`, months);
    await expectRows(`node=${SUB}&period=2025-Q1&groupBy=day`, q1Days);
    for (const [, query, from, to] of PERIODS) for (const [, node, category] of SLICES) await expectFigures(query, from, to, node, category);
  }, 300_000);
});
