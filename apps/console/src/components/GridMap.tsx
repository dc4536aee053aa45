import maplibregl, { type GeoJSONSource, type StyleSpecification } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import type { LngLat } from '../lib/geo';

/** A grid polygon to draw, with the figure it is coloured by. */
export interface GridFeature {
  code: string;
  name: string;
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  open: number;
  overdue: number;
}

export interface CasePoint {
  id: string;
  coordinates: LngLat;
}

/** What the browser tests read: the grid codes drawn, and where a point is on the screen. */
export interface MapProbe {
  gridCodes: string[];
  casePoints: number;
  project(lngLat: LngLat): { x: number; y: number };
  ready: boolean;
}

declare global {
  interface Window {
    __citygridMap?: MapProbe;
  }
}

const TILE_URL = (import.meta.env['CONSOLE_TILE_URL'] as string | undefined) ?? '';

/** A style that needs no tile server: a plain background, the grids and cases on top (an optional raster layer under them). */
function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: TILE_URL ? { tiles: { type: 'raster', tiles: [TILE_URL], tileSize: 256 } } : {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f0' } }, ...(TILE_URL ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : [])],
  };
}

function gridCollection(grids: readonly GridFeature[], colorBy: 'open' | 'overdue'): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: grids.map((g) => ({ type: 'Feature', geometry: g.boundary, properties: { code: g.code, name: g.name, value: colorBy === 'open' ? g.open : g.overdue } })),
  };
}

function pointCollection(points: readonly CasePoint[]): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p.coordinates }, properties: { id: p.id } })) };
}

function boundsOf(grids: readonly GridFeature[], points: readonly CasePoint[]): maplibregl.LngLatBounds | undefined {
  const b = new maplibregl.LngLatBounds();
  let any = false;
  const add = (c: number[]) => {
    if (c.length >= 2) {
      b.extend([c[0] as number, c[1] as number]);
      any = true;
    }
  };
  for (const g of grids) {
    const rings = g.boundary.type === 'Polygon' ? g.boundary.coordinates : g.boundary.coordinates.flat();
    for (const ring of rings) for (const c of ring) add(c);
  }
  for (const p of points) add(p.coordinates);
  return any ? b : undefined;
}

export function GridMap(props: {
  grids: readonly GridFeature[];
  cases: readonly CasePoint[];
  colorBy?: 'open' | 'overdue';
  selected?: string | undefined;
  picked?: LngLat | undefined;
  onGridClick?: (code: string) => void;
  onPick?: (point: LngLat) => void;
  className?: string;
  label: string;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const loaded = useRef(false);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({ container: container.current, style: baseStyle(), center: [113.6, 34.76], zoom: 12, attributionControl: false });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource('grids', { type: 'geojson', data: gridCollection([], 'open') });
      map.addSource('cases', { type: 'geojson', data: pointCollection([]), cluster: true, clusterRadius: 40, clusterMaxZoom: 16 });
      map.addSource('picked', { type: 'geojson', data: pointCollection([]) });
      map.addLayer({
        id: 'grids-fill',
        type: 'fill',
        source: 'grids',
        paint: { 'fill-color': ['step', ['get', 'value'], '#cfe8d5', 1, '#fde68a', 3, '#f59e0b', 6, '#dc2626'], 'fill-opacity': 0.55 },
      });
      map.addLayer({ id: 'grids-line', type: 'line', source: 'grids', paint: { 'line-color': '#35654d', 'line-width': 1 } });
      map.addLayer({ id: 'grids-selected', type: 'line', source: 'grids', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': '#1d4ed8', 'line-width': 3 } });
      map.addLayer({
        id: 'case-clusters',
        type: 'circle',
        source: 'cases',
        filter: ['has', 'point_count'],
        paint: { 'circle-color': '#7c3aed', 'circle-opacity': 0.8, 'circle-radius': ['step', ['get', 'point_count'], 10, 5, 14, 20, 20], 'circle-stroke-width': 2, 'circle-stroke-color': '#fff' },
      });
      map.addLayer({
        id: 'case-points',
        type: 'circle',
        source: 'cases',
        filter: ['!', ['has', 'point_count']],
        paint: { 'circle-color': '#7c3aed', 'circle-radius': 5, 'circle-stroke-width': 1, 'circle-stroke-color': '#fff' },
      });
      map.addLayer({ id: 'picked', type: 'circle', source: 'picked', paint: { 'circle-color': '#dc2626', 'circle-radius': 7, 'circle-stroke-width': 2, 'circle-stroke-color': '#fff' } });
      loaded.current = true;
      sync(map, latest.current, true);
    });
    map.on('click', (e) => {
      const p = latest.current;
      if (p.onPick) {
        p.onPick([Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]);
        return;
      }
      const hit = map.queryRenderedFeatures(e.point, { layers: ['grids-fill'] })[0];
      const code = hit?.properties?.['code'];
      if (typeof code === 'string') p.onGridClick?.(code);
    });
    map.on('click', 'case-clusters', (e) => {
      const f = e.features?.[0];
      const id = f?.properties?.['cluster_id'];
      if (typeof id !== 'number' || f?.geometry.type !== 'Point') return;
      const center = f.geometry.coordinates as [number, number];
      void (map.getSource('cases') as GeoJSONSource).getClusterExpansionZoom(id).then((zoom) => map.easeTo({ center, zoom }));
    });
    return () => {
      loaded.current = false;
      mapRef.current = null;
      map.remove();
      delete window.__citygridMap;
    };
  }, []);

  const { grids, cases, selected, picked, colorBy } = props;
  useEffect(() => {
    const map = mapRef.current;
    if (map && loaded.current) sync(map, { ...latest.current, grids, cases, selected, picked, colorBy }, false);
  }, [grids, cases, selected, picked, colorBy]);

  return (
    <div className={`map ${props.className ?? ''}`} ref={container} role="region" aria-label={props.label} data-testid="map">
      <span className="sr-only">{t('map.hint')}</span>
    </div>
  );
}

const fitted = new WeakSet<maplibregl.Map>();

function sync(map: maplibregl.Map, p: Parameters<typeof GridMap>[0], first: boolean): void {
  (map.getSource('grids') as GeoJSONSource | undefined)?.setData(gridCollection(p.grids, p.colorBy ?? 'open'));
  (map.getSource('cases') as GeoJSONSource | undefined)?.setData(pointCollection(p.cases));
  (map.getSource('picked') as GeoJSONSource | undefined)?.setData(pointCollection(p.picked ? [{ id: 'picked', coordinates: p.picked }] : []));
  map.setFilter('grids-selected', ['==', ['get', 'code'], p.selected ?? '']);
  const bounds = boundsOf(p.grids, p.grids.length ? [] : p.cases);
  if (bounds && (first || !fitted.has(map))) {
    map.fitBounds(bounds, { padding: 24, animate: false, maxZoom: 17 });
    fitted.add(map);
  }
  window.__citygridMap = {
    gridCodes: p.grids.map((g) => g.code),
    casePoints: p.cases.length,
    project: (lngLat) => {
      const pt = map.project(lngLat);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: rect.left + pt.x, y: rect.top + pt.y };
    },
    ready: bounds !== undefined,
  };
}
