import type { CityGridCloudEvent } from '@citygrid/contracts';
import type { ServiceRequestV1 } from '@citygrid/contracts/community-services';
import type { EmploymentTargetV1, PlacementV1 } from '@citygrid/contracts/employment';
import type { GridCoverageV1, LectureHeldV1 } from '@citygrid/contracts/health';
import type { EnrolmentRequestV1 } from '@citygrid/contracts/schooling';

/** A placement as counted: its day, kind, the seeker's categories and node path. */
export interface PlacementFact {
  placementId: string;
  day: string;
  kind: string;
  categories: string[];
  path: string[];
  cancelled: boolean;
}

export interface TargetFact {
  nodeCode: string;
  year: number;
  path: string[];
  target: number;
}

export interface CoverageFact {
  gridCode: string;
  path: string[];
  households: number;
  covered: number;
  computedAt: string;
}

export interface LectureFact {
  lectureId: string;
  day: string;
  attendance: number;
  path: string[];
}

/** A request (enrolment or service) as of one of its events; `eventTime` orders them. */
export interface EnrolmentFact {
  requestId: string;
  state: string;
  receivedAt: string;
  settledAt: string | null;
  deadline: string | null;
  path: string[];
  eventTime: string;
}

export interface ServiceRequestFact {
  requestId: string;
  centre: string;
  state: string;
  receivedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  satisfaction: string | null;
  path: string[];
  eventTime: string;
}

export function placementFactOf(e: CityGridCloudEvent<PlacementV1>, cancelled: boolean): PlacementFact {
  const d = e.data;
  return { placementId: d.id, day: d.date, kind: d.kind, categories: [...d.categories], path: [...d.path], cancelled };
}

export function targetFactOf(e: CityGridCloudEvent<EmploymentTargetV1>): TargetFact {
  return { nodeCode: e.data.nodeCode, year: e.data.year, path: [...e.data.path], target: e.data.target };
}

export function coverageFactOf(e: CityGridCloudEvent<GridCoverageV1>): CoverageFact {
  const d = e.data;
  return { gridCode: d.gridCode, path: [...d.path], households: d.households, covered: d.covered, computedAt: d.computedAt };
}

export function lectureFactOf(e: CityGridCloudEvent<LectureHeldV1>): LectureFact {
  return { lectureId: e.data.id, day: e.data.date, attendance: e.data.attendance, path: [...e.data.path] };
}

export function enrolmentFactOf(e: CityGridCloudEvent<EnrolmentRequestV1>): EnrolmentFact {
  const d = e.data;
  return { requestId: d.id, state: d.state, receivedAt: d.receivedAt, settledAt: d.settledAt, deadline: d.deadline, path: [...d.path], eventTime: e.time };
}

export function serviceRequestFactOf(e: CityGridCloudEvent<ServiceRequestV1>): ServiceRequestFact {
  const d = e.data;
  return { requestId: d.id, centre: d.centre, state: d.state, receivedAt: d.receivedAt, dueAt: d.dueAt, closedAt: d.closedAt, satisfaction: d.satisfaction, path: [...d.path], eventTime: e.time };
}
