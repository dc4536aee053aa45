import type { BoundaryDto } from '@citygrid/contracts/grid-registry';
import type { CatchmentFeature, SchoolView } from '@citygrid/contracts/schooling';

import type { School } from './school.entity';

export function toSchoolView(s: School): SchoolView {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    nodeCode: s.nodeCode,
    path: s.path,
    address: s.address,
    location: { type: 'Point', coordinates: [s.lng, s.lat] },
    capacityPerGrade: s.capacityPerGrade,
    catchment: s.catchment as BoundaryDto,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toCatchmentFeature(s: School): CatchmentFeature {
  return {
    type: 'Feature',
    id: s.id,
    geometry: s.catchment as BoundaryDto,
    properties: { schoolId: s.id, name: s.name, kind: s.kind, nodeCode: s.nodeCode, capacityPerGrade: s.capacityPerGrade },
  };
}
