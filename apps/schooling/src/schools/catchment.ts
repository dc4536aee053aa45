import type { FieldError } from '@citygrid/contracts';
import { bbox, containsPoint, validateBoundary, type BBox, type Boundary, type LngLat } from '@citygrid/geo';

/** The problems of an untrusted catchment, each naming its field under `field` (empty when valid). */
export function catchmentErrors(geometry: unknown, field = 'catchment'): FieldError[] {
  return validateBoundary(geometry, field);
}

/** The bounding box of a catchment, `[minLng, minLat, maxLng, maxLat]`. */
export function catchmentBox(catchment: Boundary): BBox {
  return bbox(catchment);
}

/** Something with a catchment. */
export interface WithCatchment {
  catchment: Boundary;
}

/** The ones whose catchment contains `point` (its boundary included). */
export function containing<T extends WithCatchment>(items: readonly T[], point: LngLat): T[] {
  return items.filter((item) => containsPoint(item.catchment, point));
}
