import { assertInScope, inScope } from '@citygrid/auth';
import type { FieldError } from '@citygrid/contracts';
import type { NodeView, PlaceView } from '@citygrid/contracts/grid-registry';
import { HealthEvents, type ClearRoadGraphDto, type CoverageCollectionView, type GridCoverageView, type ImportRoadGraphDto, type NodeCoverageView, type RoadGraphView } from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { createLogger, ServiceError } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { HEALTH_ENV, type HealthEnv } from '../config';
import { assertManager, assertReader } from '../shared/access';
import { Registry } from '../shared/registry';
import { Station } from '../shared/station.entity';
import { GridCoverageRecord, RoadGraphRecord } from './coverage.entities';
import { parseRoadGraph } from './road-graph';
import { buildRoadGraph, roundMinutes, walks, type RoadGraph, type Walk } from './walking';

const GRAPH_ID = 1;

/** One household's result, with where it is. */
interface HouseholdWalk extends Walk {
  place: PlaceView;
}

/** The figures of a subtree before they are answered or published. */
interface Computed {
  node: NodeView;
  method: 'graph' | 'straight_line';
  computedAt: Date;
  grids: { code: string; path: string[]; walks: HouseholdWalk[] }[];
}

/**
 * The 15-minute coverage: each household (grid-registry places of kind `household`, read as the
 * caller) walks to its nearest active station, straight line × detour factor or over the imported
 * road graph; covered when within the limit. Computed when asked; `compute` also stores and
 * publishes each grid's figures, as station and road-graph changes do for the grids concerned.
 */
@Injectable()
export class CoverageService {
  private readonly logger;
  private cached: { importedAt: number; graph: RoadGraph } | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: Registry,
    @Inject(HEALTH_ENV) private readonly env: HealthEnv,
  ) {
    this.logger = createLogger('health-coverage', env.LOG_LEVEL);
  }

  async get(caller: Caller, nodeCode: string): Promise<NodeCoverageView> {
    assertReader(caller);
    return this.view(await this.computeFor(caller, nodeCode));
  }

  async geojson(caller: Caller, nodeCode: string): Promise<CoverageCollectionView> {
    assertReader(caller);
    const c = await this.computeFor(caller, nodeCode);
    return {
      type: 'FeatureCollection',
      features: c.grids.flatMap((g) =>
        g.walks.map((w) => ({
          type: 'Feature' as const,
          id: w.place.id,
          geometry: { type: 'Point' as const, coordinates: [...w.place.location.coordinates] },
          properties: { gridCode: g.code, covered: w.covered, minutes: roundMinutes(w.minutes) },
        })),
      ),
    };
  }

  /** Compute, store and publish `coverageComputed` for each grid of the subtree. */
  async compute(caller: Caller, nodeCode: string): Promise<NodeCoverageView> {
    assertManager(caller);
    const c = await this.computeFor(caller, nodeCode);
    await this.publish(c);
    return this.view(c);
  }

  /**
   * After a station or the road graph changed: recompute and publish the grids of `nodeCode`'s
   * subtree. The change is committed already; a failure here is logged, and a later change or
   * `compute` publishes the figures.
   */
  async recomputeAfterChange(caller: Caller, nodeCode: string, reason: string): Promise<void> {
    try {
      await this.publish(await this.computeFor(caller, nodeCode));
    } catch (err) {
      this.logger.warn({ err, nodeCode, reason }, 'coverage not recomputed after a change');
    }
  }

  /** The widest node around a station whose coverage it changes that the caller may see: the station's parent, or its own node. */
  areaAround(caller: Caller, path: readonly string[]): string {
    const parent = path.slice(0, -1);
    const own = path[path.length - 1] ?? '';
    return parent.length > 0 && inScope(caller, parent) ? (parent[parent.length - 1] ?? own) : own;
  }

  async graphGet(caller: Caller): Promise<RoadGraphView> {
    assertReader(caller);
    return graphView(await this.orm.em.fork().findOne(RoadGraphRecord, { id: GRAPH_ID }));
  }

  async graphImport(caller: Caller, dto: ImportRoadGraphDto): Promise<RoadGraphView> {
    assertManager(caller);
    const parsed = parseRoadGraph(dto.graph);
    if (!parsed.ok) throw ServiceError.validation(parsed.errors, 'The road graph has invalid features; nothing was imported.');
    const node = await this.registry.node(dto.nodeCode);
    assertInScope(caller, node.path, `Node ${dto.nodeCode}`);
    const graph = buildRoadGraph(parsed.lines);
    if (graph.edges === 0) throw ServiceError.validation([{ field: 'graph.features', reason: 'the lines have no edge of any length' }] satisfies FieldError[]);
    const features = (dto.graph as { features: unknown[] }).features.length;
    const em = this.orm.em.fork();
    const record = await em.transactional(async (tx) => {
      const existing = await tx.findOne(RoadGraphRecord, { id: GRAPH_ID });
      const row = existing ?? Object.assign(new RoadGraphRecord(), { id: GRAPH_ID });
      Object.assign(row, {
        nodeCode: node.code,
        lines: parsed.lines.map((l) => l.map((p) => [p[0], p[1]])),
        features,
        vertices: graph.vertices.length,
        edges: graph.edges,
        lengthMetres: Math.round(graph.lengthMetres * 10) / 10,
        importedAt: new Date(),
      });
      tx.persist(row);
      this.events.record(tx, HealthEvents.roadGraphImported, 'road-graph', {
        nodeCode: node.code,
        features,
        vertices: row.vertices,
        edges: row.edges,
        lengthMetres: row.lengthMetres,
        inUse: true,
      });
      return row;
    });
    await this.recomputeAfterChange(caller, node.code, 'road graph imported');
    return graphView(record);
  }

  async graphClear(caller: Caller, dto: ClearRoadGraphDto): Promise<RoadGraphView> {
    assertManager(caller);
    const node = await this.registry.node(dto.nodeCode);
    assertInScope(caller, node.path, `Node ${dto.nodeCode}`);
    await this.orm.em.fork().transactional(async (tx) => {
      const existing = await tx.findOne(RoadGraphRecord, { id: GRAPH_ID });
      if (!existing) return;
      tx.remove(existing);
      this.events.record(tx, HealthEvents.roadGraphImported, 'road-graph', { nodeCode: node.code, features: 0, vertices: 0, edges: 0, lengthMetres: 0, inUse: false });
    });
    await this.recomputeAfterChange(caller, node.code, 'road graph cleared');
    return graphView(null);
  }

  private async computeFor(caller: Caller, nodeCode: string): Promise<Computed> {
    const node = await this.registry.nodeInPath(nodeCode);
    assertInScope(caller, node.path, `Node ${nodeCode}`);
    const [grids, households, stations, graph] = await Promise.all([
      this.registry.level3Grids(node.code),
      this.registry.households(node.code),
      this.orm.em.fork().find(Station, { retired: false }),
      this.graph(),
    ]);
    const located = households.flatMap((place) => {
      const [lng, lat] = place.location?.coordinates ?? [];
      return lng === undefined || lat === undefined ? [] : [{ place, site: { id: place.id, lng, lat } }];
    });
    const results = walks(
      located.map((h) => h.site),
      stations.map((s) => ({ id: s.id, lng: s.lng, lat: s.lat })),
      { detourFactor: this.env.COVERAGE_DETOUR_FACTOR, speedMPerMin: this.env.WALKING_SPEED_M_PER_MIN, limitMinutes: this.env.COVERAGE_LIMIT_MINUTES },
      graph,
    );
    const byGrid = new Map<string, { code: string; path: string[]; walks: HouseholdWalk[] }>();
    for (const g of grids) byGrid.set(g.code, { code: g.code, path: g.path, walks: [] });
    for (const [i, { place }] of located.entries()) {
      const walk = results[i];
      if (!walk) continue;
      let entry = byGrid.get(place.gridCode);
      if (!entry) {
        // a household in a grid the grid list did not answer (retired since): still counted, under that grid
        const grid = await this.registry.node(place.gridCode, 'gridCode');
        entry = { code: grid.code, path: grid.path, walks: [] };
        byGrid.set(grid.code, entry);
      }
      entry.walks.push({ ...walk, place });
    }
    return { node, method: graph ? 'graph' : 'straight_line', computedAt: new Date(), grids: [...byGrid.values()].sort((a, b) => a.code.localeCompare(b.code)) };
  }

  private async publish(c: Computed): Promise<void> {
    if (c.grids.length === 0) return;
    await this.orm.em.fork().transactional(async (tx) => {
      for (const g of c.grids) {
        const covered = g.walks.filter((w) => w.covered).length;
        const data = {
          gridCode: g.code,
          path: g.path,
          households: g.walks.length,
          covered,
          limitMinutes: this.env.COVERAGE_LIMIT_MINUTES,
          method: c.method,
          computedAt: c.computedAt.toISOString(),
        };
        await tx.upsert(GridCoverageRecord, { ...data, computedAt: c.computedAt });
        this.events.record(tx, HealthEvents.coverageComputed, g.code, data);
      }
    });
  }

  /** The imported graph, built once per import (every replica rebuilds it when the import it holds is older). */
  private async graph(): Promise<RoadGraph | null> {
    const record = await this.orm.em.fork().findOne(RoadGraphRecord, { id: GRAPH_ID });
    if (!record) return null;
    const importedAt = record.importedAt.getTime();
    if (this.cached?.importedAt !== importedAt) this.cached = { importedAt, graph: buildRoadGraph(record.lines) };
    return this.cached.graph;
  }

  private view(c: Computed): NodeCoverageView {
    const grids: GridCoverageView[] = c.grids.map((g) => {
      const uncovered = g.walks.filter((w) => !w.covered).sort((a, b) => (a.minutes ?? Infinity) - (b.minutes ?? Infinity) || a.id.localeCompare(b.id));
      return {
        gridCode: g.code,
        path: g.path,
        households: g.walks.length,
        covered: g.walks.length - uncovered.length,
        uncovered: uncovered.length,
        uncoveredHouseholds: uncovered.map((w) => ({ id: w.id, address: w.place.address, minutes: roundMinutes(w.minutes) })),
      };
    });
    const households = grids.reduce((n, g) => n + g.households, 0);
    const covered = grids.reduce((n, g) => n + g.covered, 0);
    return {
      nodeCode: c.node.code,
      path: c.node.path,
      households,
      covered,
      uncovered: households - covered,
      rate: households ? Math.round((covered / households) * 10_000) / 10_000 : null,
      limitMinutes: this.env.COVERAGE_LIMIT_MINUTES,
      method: c.method,
      computedAt: c.computedAt.toISOString(),
      grids,
    };
  }
}

function graphView(r: RoadGraphRecord | null): RoadGraphView {
  if (!r) return { status: 'none', features: 0, vertices: 0, edges: 0, lengthMetres: 0, nodeCode: null, importedAt: null };
  return { status: 'imported', features: r.features, vertices: r.vertices, edges: r.edges, lengthMetres: r.lengthMetres, nodeCode: r.nodeCode, importedAt: r.importedAt.toISOString() };
}
