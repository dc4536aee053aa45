export { bbox, containsPoint, containsPointStrictly, interiorPoint, isWithin, validateBoundary, type BBox, type Boundary, type LngLat } from './boundary';
export { GridSpatialIndex, type IndexedNode } from './spatial-index';
