/**
 * The facts assessment keeps beside the KPI read models, from events alone: supervision flags and
 * inspections (ticketing), and staff assignments (grid-registry). Each event is checked here; a
 * bad payload throws naming its fields (never their values), so the consumer retries it and then
 * dead-letters it.
 */
import type { CityGridCloudEvent } from '@citygrid/contracts';
import { NODE_CODE_PATTERN, type StaffAssignmentV1 } from '@citygrid/contracts/grid-registry';
import type { CaseSupervisedV1, InspectionRecordedV1 } from '@citygrid/contracts/ticketing';

import { dayIn } from '../shared/work-day';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Roles whose assignment makes a staff member answer for a node's score (field staff, not operators or supervisors). */
export const SCORED_ROLES: readonly string[] = Object.freeze(['grid_leader', 'grid_member', 'responsible_person']);

const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
const isPath = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && NODE_CODE_PATTERN.test(c));
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function payloadOf(event: CityGridCloudEvent): Record<string, unknown> {
  return typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>) : {};
}

function refuse(event: CityGridCloudEvent, fields: string[]): never {
  throw new Error(`${event.type} ${event.id} has an invalid payload: ${fields.join(', ')}`);
}

/** The event's time, normalised; the day a fact counts on is its day in the working time zone. */
function timeOf(event: CityGridCloudEvent): string {
  if (typeof event.time !== 'string' || Number.isNaN(Date.parse(event.time))) refuse(event, ['time']);
  return new Date(event.time).toISOString();
}

/** A supervision flag 督办, counted on the day it was flagged. */
export interface FlagFact {
  flagId: string;
  caseId: string;
  gridPath: string[];
  flaggedAt: string;
  day: string;
}

export function flagFactOf(event: CityGridCloudEvent, timeZone: string): FlagFact {
  const d = payloadOf(event) as Partial<CaseSupervisedV1>;
  const bad = [...(isUuid(d.id) ? [] : ['id']), ...(isUuid(d.caseId) ? [] : ['caseId']), ...(isPath(d.path) && d.path.at(-1) === d.gridCode ? [] : ['path'])];
  if (bad.length) refuse(event, bad);
  const at = timeOf(event);
  return { flagId: String(d.id), caseId: String(d.caseId), gridPath: [...(d.path as string[])], flaggedAt: at, day: dayIn(at, timeZone) };
}

/**
 * An inspection 督查 with its findings per severity, counted on the day it was recorded: the
 * event does not carry the time the inspection took place (`inspectedAt`, which the API accepts
 * from the past), so a back-dated inspection counts in the quarter it was recorded.
 */
export interface InspectionFact {
  inspectionId: string;
  gridPath: string[];
  recordedAt: string;
  day: string;
  low: number;
  medium: number;
  high: number;
}

export function inspectionFactOf(event: CityGridCloudEvent, timeZone: string): InspectionFact {
  const d = payloadOf(event) as Partial<InspectionRecordedV1>;
  const f = (typeof d.findings === 'object' && d.findings !== null ? d.findings : {}) as Partial<InspectionRecordedV1['findings']>;
  const bad = [
    ...(isUuid(d.id) ? [] : ['id']),
    ...(isPath(d.path) && d.path.at(-1) === d.gridCode ? [] : ['path']),
    ...(['low', 'medium', 'high'] as const).filter((k) => !isCount(f[k])).map((k) => `findings.${k}`),
    ...(d.inspectedAt === undefined || (typeof d.inspectedAt === 'string' && !Number.isNaN(Date.parse(d.inspectedAt))) ? [] : ['inspectedAt']),
  ];
  if (bad.length) refuse(event, bad);
  // the day it took place; events published before inspectedAt was added: the day it was recorded
  const at = d.inspectedAt ? new Date(d.inspectedAt).toISOString() : timeOf(event);
  return { inspectionId: String(d.id), gridPath: [...(d.path as string[])], recordedAt: at, day: dayIn(at, timeZone), low: Number(f.low), medium: Number(f.medium), high: Number(f.high) };
}

/** One end of a staff assignment: it began (`assigned`) or ended (`unassigned`) at the event's time. */
export interface AssignmentFact {
  change: 'assigned' | 'unassigned';
  assignmentId: string;
  staffId: string;
  staffName: string;
  nodeCode: string;
  path: string[];
  role: string;
  at: string;
}

export function assignmentFactOf(event: CityGridCloudEvent, change: AssignmentFact['change']): AssignmentFact {
  const d = payloadOf(event) as Partial<StaffAssignmentV1>;
  const bad = [
    ...(isUuid(d.assignmentId) ? [] : ['assignmentId']),
    ...(isUuid(d.staffId) ? [] : ['staffId']),
    ...(typeof d.staffName === 'string' ? [] : ['staffName']),
    ...(typeof d.nodeCode === 'string' && NODE_CODE_PATTERN.test(d.nodeCode) ? [] : ['nodeCode']),
    ...(isPath(d.path) && d.path.at(-1) === d.nodeCode ? [] : ['path']),
    ...(typeof d.role === 'string' && (d.role as string) !== '' ? [] : ['role']),
  ];
  if (bad.length) refuse(event, bad);
  return {
    change,
    assignmentId: String(d.assignmentId),
    staffId: String(d.staffId),
    staffName: String(d.staffName),
    nodeCode: String(d.nodeCode),
    path: [...(d.path as string[])],
    role: String(d.role),
    at: timeOf(event),
  };
}
