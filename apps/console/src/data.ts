import { api, type CaseView, type CategoryView, type NodeView } from './api';
import type { GridFeature } from './components/GridMap';
import { need } from './hooks';
import type { apiQuery } from './lib/filters';
import { countsByGrid } from './lib/geo';

/** The level-3 grids of the caller's subtree, with their boundaries (the API filters to the caller's scope). */
export async function loadGrids(): Promise<NodeView[]> {
  const out: NodeView[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = need(await api.GET('/api/v1/nodes', { params: { query: { gridLevel: 3, limit: 500, offset } } }));
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

/** The cases the caller sees (the newest 500). */
type ApiCaseQuery = ReturnType<typeof apiQuery>;

/** The open cases of the caller's area for the map (the newest 500). */
export async function loadCases(query: { state?: CaseView['state']; categoryCode?: string; under?: string; overdue?: 'true' } = {}): Promise<CaseView[]> {
  return need(await api.GET('/api/v1/cases', { params: { query: { limit: 500, offset: 0, ...query } } })).items;
}

/** One page of the case list, filtered, sorted and paged by the API. */
export async function loadCasePage(query: ApiCaseQuery): Promise<{ items: CaseView[]; total: number }> {
  const page = need(await api.GET('/api/v1/cases', { params: { query } }));
  return { items: page.items, total: page.total };
}

export async function loadCategories(): Promise<CategoryView[]> {
  return need(await api.GET('/api/v1/categories'));
}

export function gridFeatures(grids: readonly NodeView[], cases: readonly CaseView[]): GridFeature[] {
  const counts = countsByGrid(cases);
  return grids
    .filter((g) => g.boundary && (g.boundary.type === 'Polygon' || g.boundary.type === 'MultiPolygon'))
    .map((g) => ({
      code: g.code,
      name: g.name,
      boundary: g.boundary as unknown as GeoJSON.Polygon | GeoJSON.MultiPolygon,
      open: counts.get(g.code)?.open ?? 0,
      overdue: counts.get(g.code)?.overdue ?? 0,
    }));
}
