import type { HouseholdStepView, RelocationHouseholdView, RelocationPlaceView, RelocationProjectView } from '@citygrid/contracts/relocation';

import type { HouseholdStep, ProjectPlace, RelocationProject } from './project.entity';

/** Counts of the places inside a red line. */
export interface PlaceCounts {
  units: number;
  buildings: number;
  households: number;
}

export function toProjectView(p: RelocationProject, counts: PlaceCounts): RelocationProjectView {
  return {
    id: p.id,
    name: p.name,
    nodeCode: p.nodeCode,
    path: p.path,
    redLine: p.redLine,
    reach: p.reach,
    startDate: p.startDate,
    status: p.status,
    ...counts,
    resolvedAt: p.resolvedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

export function toPlaceView(p: ProjectPlace): RelocationPlaceView {
  return {
    id: p.id,
    placeId: p.placeId,
    kind: p.kind,
    name: p.name,
    gridCode: p.gridCode,
    state: p.state,
    packageId: p.packageId,
    holdout: p.holdout,
    holdoutReasons: p.holdoutReasons,
    lastVisitAt: p.lastVisitAt?.toISOString() ?? null,
    inside: p.inside,
  };
}

export function toStepView(s: HouseholdStep): HouseholdStepView {
  return { state: s.state, at: s.at.toISOString(), note: s.note, by: s.by };
}

export function toHouseholdView(p: ProjectPlace, steps: readonly HouseholdStep[]): RelocationHouseholdView {
  return { ...toPlaceView(p), steps: steps.map(toStepView) };
}
