export { bbox, containsPoint, containsPointStrictly, interiorPoint, isWithin, validateBoundary, type BBox, type Boundary, type LngLat } from './boundary';
export { GridSpatialIndex, indexFingerprint, type IndexedNode } from './spatial-index';
