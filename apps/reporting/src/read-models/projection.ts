/**
 * How events become figures, as pure functions (the projector writes what they compute).
 *
 * Two kinds of counts, both order-independent across aggregates:
 *
 * - **Flows**, counted from one event alone: handling reports, reworks, escalations, reopenings,
 *   settlements (for `open`), patrols, visits. Each event carries the case's path and category,
 *   so its contribution does not depend on any other event; the inbox applies it once.
 * - **Facts of a case**, folded from all its events (`foldCase`): reported, filed, rejected, first
 *   dispatched, the closing that stands, the deadline it is due by. A case contributes
 *   `caseContribution(facts)`; applying an event replaces the old contribution with the new one
 *   (`RollupDelta.replace`). The fold keeps, for each fact that can change, the order key of the
 *   event that set it (the case `version`, else the event time), so the facts, and with them the
 *   totals, are the same whatever order the events of a case arrive in.
 *
 * Every contribution counts for each node of the case's path (city down to its level-3 grid) and
 * each level of its category (`SJ0101` → `SJ01` → `SJ`) and `*` (all categories).
 */
import type { CityGridCloudEvent } from '@citygrid/contracts';
import { type GridCreatedV1, type GridRetiredV1, type GridUpdatedV1, NODE_CODE_PATTERN, PlaceKind, type PlaceLocatedV1 } from '@citygrid/contracts/grid-registry';
import {
  CaseAction,
  type CaseEventV1,
  CaseState,
  CATEGORY_CODE_PATTERN,
  type CategoryChangedV1,
  OPEN_CASE_STATES,
  type PatrolLoggedV1,
  TicketingEvents,
  type VisitLoggedV1,
} from '@citygrid/contracts/ticketing';

import { dayIn } from '../shared/work-day';

/** The category code of the rows that count every category. */
export const ALL_CATEGORIES = '*';

/** The counters of a rollup row (`rollup_day`). */
export const MEASURES = [
  'found',
  'filed',
  'rejected',
  'dispatched',
  'handled',
  'closed',
  'closeTimed',
  'closeMs',
  'closeWorkTimed',
  'closeWorkMs',
  'due',
  'closedOnTime',
  'reworked',
  'escalated',
  'reopened',
  'settled',
  'patrols',
  'gridsPatrolled',
  'visits',
  'verified',
  'verifiedOnTime',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Counts = Record<Measure, number>;

/**
 * The counters at zero, as a literal: an object of one fixed shape, which the engine adds to as
 * fast as to a struct (one built from entries is a dictionary, several times slower to update,
 * and a rebuild updates millions).
 */
const ZERO_COUNTS: Readonly<Counts> = {
  found: 0,
  filed: 0,
  rejected: 0,
  dispatched: 0,
  handled: 0,
  closed: 0,
  closeTimed: 0,
  closeMs: 0,
  closeWorkTimed: 0,
  closeWorkMs: 0,
  due: 0,
  closedOnTime: 0,
  reworked: 0,
  escalated: 0,
  reopened: 0,
  settled: 0,
  patrols: 0,
  gridsPatrolled: 0,
  visits: 0,
  verified: 0,
  verifiedOnTime: 0,
};

export function zeroCounts(): Counts {
  return { ...ZERO_COUNTS };
}

const HOUR_MS = 3_600_000;

/**
 * Upper edges of the buckets of hours-to-close, ms (a case closed in exactly 24 h is in the bucket
 * ending at 24 h): 15 minutes up to 1 h, 1 h up to 24 h, 6 h up to 3 days, 12 h up to 7 days,
 * 1 day up to 30 days, 7 days up to a year. One more bucket holds everything beyond.
 */
export const CLOSE_BUCKET_EDGES_MS: readonly number[] = Object.freeze(
  [...[0.25, 0.5, 0.75, 1], ...range(2, 24, 1), ...range(30, 72, 6), ...range(84, 168, 12), ...range(192, 720, 24), ...range(888, 8616, 168), 8760].map((h) => h * HOUR_MS),
);

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** The bucket of a closing that took `ms`. */
export function closeBucket(ms: number): number {
  const i = CLOSE_BUCKET_EDGES_MS.findIndex((edge) => ms <= edge);
  return i === -1 ? CLOSE_BUCKET_EDGES_MS.length : i;
}

/** The upper edge of a bucket, hours (the overflow bucket reports the last edge, a year). */
export function bucketEdgeHours(bucket: number): number {
  return (CLOSE_BUCKET_EDGES_MS[Math.min(bucket, CLOSE_BUCKET_EDGES_MS.length - 1)] ?? 0) / HOUR_MS;
}

/** The category and its parents by code, then `*`: `SJ0101` → `SJ0101`, `SJ01`, `SJ`, `*`. */
export function categoryLevels(code: string): string[] {
  if (!CATEGORY_CODE_PATTERN.test(code)) return [code, ALL_CATEGORIES];
  const out: string[] = [];
  for (let len = code.length; len >= 2; len -= 2) out.push(code.slice(0, len));
  return [...out, ALL_CATEGORIES];
}

/** Which event applied last: the case version when both carry one, else the time, then the event id. */
export interface OrderKey {
  v: number | null;
  t: string;
  id: string;
}

/** True when `a` comes after `b` in a case's history (anything comes after nothing). */
export function later(a: OrderKey, b: OrderKey | null): boolean {
  if (b === null) return true;
  if (a.v !== null && b.v !== null && a.v !== b.v) return a.v > b.v;
  if (a.t !== b.t) return a.t > b.t;
  return a.id > b.id;
}

/** The closing of a case that stands (not undone by a later reopening). */
export interface Closure {
  closedAt: string;
  /** The deadline in force when it was closed. */
  dueAt: string | null;
  /** Closed by `dueAt`; null without one. */
  onTime: boolean | null;
  /** Working time from report to closing, ms (ticketing's calendar); absent when the closed event did not say. */
  workMs?: number;
}

/** What reporting knows of one case, folded from its events; stored in `case_fact.fold`. */
export interface CaseFacts {
  caseId: string;
  number: string;
  categoryCode: string;
  gridPath: string[];
  /** State after the latest event. */
  state: CaseState;
  /** Deadline after the latest event. */
  deadline: string | null;
  reportedAt: string | null;
  filedAt: string | null;
  rejectedAt: string | null;
  /** First dispatch. */
  dispatchedAt: string | null;
  closure: Closure | null;
  /** The latest deadline any event carried (for closings published before `dueAt` was). */
  lastDeadline: string | null;
  reworkCount: number;
  escalationCount: number;
  reopenCount: number;
  keys: { last: OrderKey | null; closure: OrderKey | null; deadline: OrderKey | null };
}

/** A case event, its payload checked. */
export interface CaseEvent {
  eventId: string;
  /** Event name: `reported`, `closed`, … */
  name: string;
  /** ISO time (normalised). */
  time: string;
  data: CaseEventV1;
}

/** Event names of ticketing's case events, by CloudEvents type. */
const CASE_EVENT_NAMES: ReadonlyMap<string, string> = new Map(Object.values(TicketingEvents).map((def) => [def.type, def.subject.slice(def.subject.lastIndexOf('.') + 1)]));

export function isCaseEventType(type: string): boolean {
  return CASE_EVENT_NAMES.has(type);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CASE_STATES: ReadonlySet<string> = new Set(Object.values(CaseState));

function iso(value: string): string {
  return new Date(value).toISOString();
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isPath(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((c) => typeof c === 'string' && NODE_CODE_PATTERN.test(c));
}

const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

function invalid(event: CityGridCloudEvent, fields: string[]): never {
  throw new Error(`${event.type} ${event.id} has an invalid payload: ${fields.join(', ')}`);
}

/** Time of an event, normalised. */
function eventTime(event: CityGridCloudEvent): string {
  if (!isInstant(event.time)) invalid(event, ['time']);
  return iso(event.time);
}

/** A case event with its payload checked (the names of bad fields, not their values, in the error). */
export function caseEventOf(event: CityGridCloudEvent): CaseEvent {
  const name = CASE_EVENT_NAMES.get(event.type);
  if (!name) throw new Error(`${event.type} is not a case event`);
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const optionalInstant = (k: string): boolean => d[k] === undefined || d[k] === null || isInstant(d[k]);
  const bad = [
    ...(typeof d['id'] === 'string' && UUID.test(d['id']) ? [] : ['id']),
    ...(typeof d['number'] === 'string' ? [] : ['number']),
    ...(typeof d['categoryCode'] === 'string' && d['categoryCode'] !== '' ? [] : ['categoryCode']),
    ...(typeof d['stateAfter'] === 'string' && CASE_STATES.has(d['stateAfter']) ? [] : ['stateAfter']),
    ...(isPath(d['path']) ? [] : ['path']),
    ...(optionalInstant('deadline') ? [] : ['deadline']),
    ...(d['version'] === undefined || (Number.isInteger(d['version']) && (d['version'] as number) >= 1) ? [] : ['version']),
    ...(d['reportedAt'] === undefined || isInstant(d['reportedAt']) ? [] : ['reportedAt']),
    ...(optionalInstant('closedAt') ? [] : ['closedAt']),
    ...(optionalInstant('dueAt') ? [] : ['dueAt']),
    ...(optionalInstant('handledAt') ? [] : ['handledAt']),
    ...(d['workingMsToClose'] === undefined || isCount(d['workingMsToClose']) ? [] : ['workingMsToClose']),
    ...(d['onTime'] === undefined || d['onTime'] === null || typeof d['onTime'] === 'boolean' ? [] : ['onTime']),
    ...(['reworkCount', 'escalationCount'] as const).filter((k) => d[k] !== undefined && !isCount(d[k])),
  ];
  if (bad.length) invalid(event, bad);
  const data = d as unknown as CaseEventV1;
  const normal = (v: string | null | undefined): string | null | undefined => (typeof v === 'string' ? iso(v) : v);
  return {
    eventId: event.id,
    name,
    time: eventTime(event),
    data: {
      ...data,
      deadline: normal(data.deadline) ?? null,
      ...(data.reportedAt !== undefined ? { reportedAt: iso(data.reportedAt) } : {}),
      ...(data.closedAt !== undefined ? { closedAt: normal(data.closedAt) ?? null } : {}),
      ...(data.dueAt !== undefined ? { dueAt: normal(data.dueAt) ?? null } : {}),
      ...(data.handledAt !== undefined ? { handledAt: normal(data.handledAt) ?? null } : {}),
    },
  };
}

function earliest(a: string | null, b: string): string {
  return a !== null && a <= b ? a : b;
}

/** `prev` with the event applied: the facts after it, whatever order the case's events come in. */
export function foldCase(prev: CaseFacts | null, e: CaseEvent): CaseFacts {
  const d = e.data;
  const key: OrderKey = { v: d.version ?? null, t: e.time, id: e.eventId };
  const f: CaseFacts = prev
    ? { ...prev, gridPath: [...prev.gridPath], closure: prev.closure && { ...prev.closure }, keys: { ...prev.keys } }
    : {
        caseId: d.id,
        number: d.number,
        categoryCode: d.categoryCode,
        gridPath: [...d.path],
        state: d.stateAfter,
        deadline: d.deadline,
        reportedAt: null,
        filedAt: null,
        rejectedAt: null,
        dispatchedAt: null,
        closure: null,
        lastDeadline: null,
        reworkCount: 0,
        escalationCount: 0,
        reopenCount: 0,
        keys: { last: null, closure: null, deadline: null },
      };
  if (later(key, f.keys.last)) {
    Object.assign(f, { state: d.stateAfter, deadline: d.deadline, gridPath: [...d.path], categoryCode: d.categoryCode });
    if (d.number) f.number = d.number;
    f.keys.last = key;
  } else if (!f.number && d.number) {
    f.number = d.number;
  }
  // every event names the report time; events published before that field fall back on the report's own time
  f.reportedAt = d.reportedAt ?? f.reportedAt ?? (e.name === 'reported' ? e.time : null);
  if (d.deadline !== null && later(key, f.keys.deadline)) {
    f.lastDeadline = d.deadline;
    f.keys.deadline = key;
  }
  switch (e.name) {
    case 'filed':
      f.filedAt = earliest(f.filedAt, e.time);
      break;
    case 'rejected':
      f.rejectedAt = earliest(f.rejectedAt, e.time);
      break;
    case 'dispatched':
      f.dispatchedAt = earliest(f.dispatchedAt, e.time);
      break;
    case 'closed':
      if (later(key, f.keys.closure)) {
        const closedAt = d.closedAt ?? e.time;
        const dueAt = d.dueAt !== undefined ? d.dueAt : f.lastDeadline;
        f.closure = {
          closedAt,
          dueAt,
          onTime: d.onTime !== undefined ? d.onTime : dueAt === null ? null : closedAt <= dueAt,
          ...(typeof d.workingMsToClose === 'number' ? { workMs: d.workingMsToClose } : {}),
        };
        f.keys.closure = key;
      }
      break;
    case 'reopened':
      f.reopenCount += 1;
      if (later(key, f.keys.closure)) {
        f.closure = null;
        f.keys.closure = key;
      }
      break;
    case 'reworked':
      if (d.reworkCount === undefined) f.reworkCount += 1;
      break;
    case 'escalated':
      if (d.escalationCount === undefined) f.escalationCount += 1;
      break;
  }
  if (d.reworkCount !== undefined) f.reworkCount = Math.max(f.reworkCount, d.reworkCount);
  if (d.escalationCount !== undefined) f.escalationCount = Math.max(f.escalationCount, d.escalationCount);
  return f;
}

/** The deadline a case counts as due by: the one in force at its closing, or the current one while it is open. */
export function dueAtOf(f: CaseFacts): string | null {
  if (f.closure) return f.closure.dueAt;
  return OPEN_CASE_STATES.includes(f.state) ? f.deadline : null;
}

/** Counts by day, measure; and the histogram of hours to close by day, bucket. */
export interface Contribution {
  counts: Array<[day: string, measure: Measure, n: number]>;
  buckets: Array<[day: string, bucket: number, n: number]>;
}

/** What a case adds to the rollups of its path and category, given its facts. */
export function caseContribution(f: CaseFacts, timeZone: string): Contribution {
  const day = (t: string): string => dayIn(t, timeZone);
  const counts: Contribution['counts'] = [];
  const buckets: Contribution['buckets'] = [];
  if (f.reportedAt) counts.push([day(f.reportedAt), 'found', 1]);
  if (f.filedAt) counts.push([day(f.filedAt), 'filed', 1]);
  if (f.rejectedAt) counts.push([day(f.rejectedAt), 'rejected', 1]);
  if (f.dispatchedAt) counts.push([day(f.dispatchedAt), 'dispatched', 1]);
  if (f.closure) {
    const closedDay = day(f.closure.closedAt);
    counts.push([closedDay, 'closed', 1]);
    if (f.reportedAt) {
      const ms = Math.max(0, Date.parse(f.closure.closedAt) - Date.parse(f.reportedAt));
      counts.push([closedDay, 'closeTimed', 1], [closedDay, 'closeMs', ms]);
      buckets.push([closedDay, closeBucket(ms), 1]);
    }
    const workMs = f.closure.workMs;
    if (typeof workMs === 'number') {
      counts.push([closedDay, 'closeWorkTimed', 1], [closedDay, 'closeWorkMs', workMs]);
      buckets.push([closedDay, WORK_BUCKET_OFFSET + closeBucket(workMs), 1]);
    }
  }
  const dueAt = dueAtOf(f);
  if (dueAt) {
    counts.push([day(dueAt), 'due', 1]);
    if (f.closure?.onTime === true) counts.push([day(dueAt), 'closedOnTime', 1]);
  }
  return { counts, buckets };
}

/**
 * Histogram buckets of working hours to close are kept beside the wall-clock ones in
 * `rollup_close_hours`, numbered from here (wall-clock buckets stay far below it).
 */
export const WORK_BUCKET_OFFSET = 1000;

/** Event names whose event settles a case (it needs nothing more until a reopening). */
const SETTLING = new Set(['closed', 'rejected', 'cancelled', 'merged']);
/** Event names counted as such on the day of the event. */
const FLOWS: Readonly<Record<string, Measure>> = { handled: 'handled', reworked: 'reworked', escalated: 'escalated', reopened: 'reopened' };

/**
 * What one case event adds by itself, on its own day. A verification (`verify-pass`, closing the
 * case, or `verify-fail`, sending it back) counts as `verified`, and as `verifiedOnTime` when it came within
 * `verifyLimitHours` wall-clock hours of the handling report it checked (`handledAt`; an event
 * without it, published before it was added, is not on time).
 */
export function caseFlows(e: CaseEvent, timeZone: string, verifyLimitHours: number): Contribution['counts'] {
  const out: Contribution['counts'] = [];
  const flow = FLOWS[e.name];
  const day = dayIn(e.time, timeZone);
  if (flow) out.push([day, flow, 1]);
  if (e.data.action === CaseAction.VerifyPass || e.data.action === CaseAction.VerifyFail) {
    out.push([day, 'verified', 1]);
    const handledAt = e.data.handledAt;
    if (handledAt && Date.parse(e.time) - Date.parse(handledAt) <= verifyLimitHours * 3_600_000) out.push([day, 'verifiedOnTime', 1]);
  }
  if (SETTLING.has(e.name)) out.push([dayIn(e.name === 'closed' ? (e.data.closedAt ?? e.time) : e.time, timeZone), 'settled', 1]);
  return out;
}

/** Rollup changes by node × category × day, summed before they are written. */
export class RollupDelta {
  readonly rows = new Map<string, { node: string; category: string; day: string; counts: Counts }>();
  readonly buckets = new Map<string, { node: string; category: string; day: string; bucket: number; n: number }>();

  /** Add `sign` × `c` for each of `nodes` × `categories`. */
  add(c: Contribution, nodes: readonly string[], categories: readonly string[], sign: 1 | -1 = 1): void {
    // the counts of one day go to the same rows: each row is found once per day, not once per count
    const byDay = new Map<string, Array<[Measure, number]>>();
    for (const [day, measure, n] of c.counts) {
      const some = byDay.get(day);
      if (some) some.push([measure, sign * n]);
      else byDay.set(day, [[measure, sign * n]]);
    }
    for (const [day, counts] of byDay) {
      for (const node of nodes) {
        for (const category of categories) {
          const row = this.row(node, category, day);
          for (const [measure, n] of counts) row.counts[measure] += n;
        }
      }
    }
    for (const [day, bucket, n] of c.buckets) {
      for (const node of nodes) {
        for (const category of categories) {
          const key = `${node}|${category}|${day}|${bucket}`;
          const row = this.buckets.get(key);
          if (row) row.n += sign * n;
          else this.buckets.set(key, { node, category, day, bucket, n: sign * n });
        }
      }
    }
  }

  /** Add `n` of `measure` on `day` for each of `nodes` × `categories`. */
  count(nodes: readonly string[], categories: readonly string[], day: string, measure: Measure, n: number): void {
    for (const node of nodes) {
      for (const category of categories) this.row(node, category, day).counts[measure] += n;
    }
  }

  private row(node: string, category: string, day: string): { node: string; category: string; day: string; counts: Counts } {
    const key = `${node}|${category}|${day}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { node, category, day, counts: zeroCounts() };
      this.rows.set(key, row);
    }
    return row;
  }

  /** A case's facts went from `before` to `after`: take the old contribution off, put the new one on. */
  replace(before: CaseFacts | null, after: CaseFacts, timeZone: string): void {
    if (before) this.add(caseContribution(before, timeZone), before.gridPath, categoryLevels(before.categoryCode), -1);
    this.add(caseContribution(after, timeZone), after.gridPath, categoryLevels(after.categoryCode));
  }

  /** Rows and buckets held (changed or not). */
  get size(): number {
    return this.rows.size + this.buckets.size;
  }

  /** Forget everything held (written). */
  clear(): void {
    this.rows.clear();
    this.buckets.clear();
  }

  /** Add everything `other` holds to this delta, and empty `other` (rows this one lacks are moved, not copied). */
  absorb(other: RollupDelta): void {
    for (const [key, r] of other.rows) {
      const row = this.rows.get(key);
      if (!row) this.rows.set(key, r);
      else for (const m of MEASURES) row.counts[m] += r.counts[m];
    }
    for (const [key, b] of other.buckets) {
      const bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, b);
      else bucket.n += b.n;
    }
    other.clear();
  }

  /** The rows that change something, ordered by key (so that concurrent writers lock rows in one order). */
  changedRows(): Array<{ node: string; category: string; day: string; counts: Counts }> {
    return [...this.rows.values()].filter((r) => MEASURES.some((m) => r.counts[m] !== 0)).sort((a, b) => compareKeys([a.node, a.category, a.day], [b.node, b.category, b.day]));
  }

  changedBuckets(): Array<{ node: string; category: string; day: string; bucket: number; n: number }> {
    return [...this.buckets.values()]
      .filter((b) => b.n !== 0)
      .sort((a, b) => compareKeys([a.node, a.category, a.day, String(a.bucket).padStart(4, '0')], [b.node, b.category, b.day, String(b.bucket).padStart(4, '0')]));
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A patrol or visit, its payload checked. */
export interface FieldLog {
  kind: 'patrol' | 'visit';
  gridCode: string;
  path: string[];
  /** Day of the working time zone (as ticketing computed it). */
  day: string;
  /** Visits: the place visited and its kind (`key_location` counts toward key-location coverage). */
  placeId?: string;
  placeKind?: string;
}

/** A `citygrid.patrol.logged.v1` or `citygrid.visit.logged.v1` payload, checked. */
export function fieldLogOf(event: CityGridCloudEvent, kind: FieldLog['kind']): FieldLog {
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Partial<PatrolLoggedV1 & VisitLoggedV1>;
  const bad = [
    ...(typeof d.gridCode === 'string' && NODE_CODE_PATTERN.test(d.gridCode) ? [] : ['gridCode']),
    ...(isPath(d.path) && d.path.at(-1) === d.gridCode ? [] : ['path']),
    ...(typeof d.day === 'string' && DAY.test(d.day) && !Number.isNaN(Date.parse(d.day)) ? [] : ['day']),
  ];
  if (kind === 'visit' && !(typeof d.placeId === 'string' && UUID.test(d.placeId))) bad.push('placeId');
  if (kind === 'visit' && typeof d.placeKind !== 'string') bad.push('placeKind');
  if (bad.length) invalid(event, bad);
  const log: FieldLog = { kind, gridCode: String(d.gridCode), path: [...(d.path as string[])], day: String(d.day) };
  if (kind === 'visit') Object.assign(log, { placeId: String(d.placeId), placeKind: String(d.placeKind) });
  return log;
}

/** A key location 重点场所 as grid-registry's place events place it. */
export interface KeyLocationChange {
  placeId: string;
  gridCode: string;
  path: string[];
  /** The event's time: registration, or the move. */
  time: string;
  moved: boolean;
}

/** A `citygrid.place.registered.v1` or `citygrid.place.moved.v1` payload of a key location, checked; null for another kind of place. */
export function keyLocationChangeOf(event: CityGridCloudEvent, moved: boolean): KeyLocationChange | null {
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Partial<PlaceLocatedV1>;
  if (d.kind !== undefined && d.kind !== PlaceKind.KeyLocation) return null;
  const bad = [
    ...(typeof d.id === 'string' && UUID.test(d.id) ? [] : ['id']),
    ...(d.kind === PlaceKind.KeyLocation ? [] : ['kind']),
    ...(typeof d.gridCode === 'string' && NODE_CODE_PATTERN.test(d.gridCode) ? [] : ['gridCode']),
    ...(isPath(d.path) && d.path.at(-1) === d.gridCode ? [] : ['path']),
  ];
  if (bad.length) invalid(event, bad);
  return { placeId: String(d.id), gridCode: String(d.gridCode), path: [...(d.path as string[])], time: eventTime(event), moved };
}

/** A node as a grid event describes it. */
export interface NodeChange {
  change: 'created' | 'updated' | 'retired';
  code: string;
  path: string[];
  version: number | null;
  time: string;
  name?: string;
  nameEn?: string | null;
  kind?: string;
  gridLevel?: number | null;
}

/** A `citygrid.grid.created|updated|retired.v1` payload, checked. */
export function nodeChangeOf(event: CityGridCloudEvent, change: NodeChange['change']): NodeChange {
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Partial<GridCreatedV1 & GridUpdatedV1 & GridRetiredV1>;
  const bad = [
    ...(typeof d.code === 'string' && NODE_CODE_PATTERN.test(d.code) ? [] : ['code']),
    ...(isPath(d.path) && d.path.at(-1) === d.code ? [] : ['path']),
    ...(d.version === undefined || Number.isInteger(d.version) ? [] : ['version']),
    ...(change !== 'retired' && typeof d.name !== 'string' ? ['name'] : []),
    ...(change === 'created' && typeof d.kind !== 'string' ? ['kind'] : []),
  ];
  if (bad.length) invalid(event, bad);
  return {
    change,
    code: String(d.code),
    path: [...(d.path as string[])],
    version: d.version ?? null,
    time: eventTime(event),
    ...(change !== 'retired' ? { name: d.name, nameEn: d.nameEn ?? null } : {}),
    ...(change === 'created' ? { kind: d.kind, gridLevel: d.gridLevel ?? null } : {}),
  };
}

/** A category as `citygrid.category.changed.v1` describes it. */
export interface CategoryChange {
  code: string;
  parentCode: string | null;
  name: string;
  kind: string;
  leaf: boolean;
  time: string;
}

export function categoryChangeOf(event: CityGridCloudEvent): CategoryChange {
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Partial<CategoryChangedV1>;
  const bad = [
    ...(typeof d.code === 'string' && CATEGORY_CODE_PATTERN.test(d.code) ? [] : ['code']),
    ...(d.parentCode === null || (typeof d.parentCode === 'string' && CATEGORY_CODE_PATTERN.test(d.parentCode)) ? [] : ['parentCode']),
    ...(typeof d.name === 'string' ? [] : ['name']),
    ...(typeof d.kind === 'string' ? [] : ['kind']),
    ...(typeof d.leaf === 'boolean' ? [] : ['leaf']),
  ];
  if (bad.length) invalid(event, bad);
  return { code: String(d.code), parentCode: d.parentCode ?? null, name: String(d.name), kind: String(d.kind), leaf: d.leaf === true, time: eventTime(event) };
}

/** The nodes of a path with their parents: what a case, patrol or visit tells of the tree. */
export function pathNodes(path: readonly string[]): Array<{ code: string; parentCode: string | null; path: string[] }> {
  return path.map((code, i) => ({ code, parentCode: i === 0 ? null : (path[i - 1] ?? null), path: path.slice(0, i + 1) }));
}
