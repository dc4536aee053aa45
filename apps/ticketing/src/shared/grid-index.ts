import type { CityGridCloudEvent } from '@citygrid/contracts';
import { GridRegistryEvents, GridRegistryRpc, NodeKind, type GridCreatedV1, type GridRetiredV1, type GridUpdatedV1, type NodeView } from '@citygrid/contracts/grid-registry';
import { GridSpatialIndex, indexFingerprint, type Boundary } from '@citygrid/geo';
import { EventFollower, Subjects } from '@citygrid/messaging';
import { createLogger, RpcClient, SERVICE_NATS } from '@citygrid/service-kit';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import { TICKETING_ENV, type TicketingEnv } from '../config';
import type { ResolvedGrid } from './registry-client';

/** What the copy keeps of a node besides its boundary (which the spatial index holds). */
interface KnownNode {
  code: string;
  path: string[];
  kind: NodeKind;
  gridLevel: 1 | 2 | 3 | null;
  version: number;
}

/**
 * Ticketing's copy of grid-registry's grid index, so intake resolves a reported point in memory
 * instead of asking the registry for every case. Loaded at start from the registry
 * (`grid-registry.grid.index`, a page at a time), kept in step by the grid events (an ordered
 * consumer: it resumes after a gap rather than missing one), and compared with the registry's
 * fingerprint every `GRID_INDEX_CHECK_MS` in case it drifted anyway. Each node carries its
 * version, so an event and the snapshot can arrive in any order and the newer one wins.
 *
 * It answers only what it knows: a point it finds in no level-3 grid (or any point before the
 * first load) is for the registry to answer, so a grid created a moment ago is never refused.
 * Scope stays the caller's: intake checks the grid's path against the caller's node scope.
 */
@Injectable()
export class GridIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GridIndex.name);
  private readonly index = new GridSpatialIndex();
  private readonly nodes = new Map<string, KnownNode>();
  /** Version at which a node was retired, so a late snapshot page does not bring it back. */
  private readonly retired = new Map<string, number>();
  private follower?: EventFollower;
  private timer?: NodeJS.Timeout;
  private loaded = false;
  private loading: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    @Inject(TICKETING_ENV) private readonly env: TicketingEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.follower = new EventFollower({
      nc: this.nc,
      stream: this.subjects.stream,
      filterSubject: this.subjects.event('citygrid.grid-registry.grid.*'),
      onEvent: (e) => this.apply(e),
      logger: createLogger('ticketing-grid-index', this.env.LOG_LEVEL),
    });
    // Follow first, then load: an event between the two is applied by version either way.
    await this.follower.start();
    void this.reload();
    this.timer = setInterval(() => void this.check(), this.env.GRID_INDEX_CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.follower?.stop();
  }

  /** Whether the copy has been loaded once (before that every point goes to the registry). */
  get ready(): boolean {
    return this.loaded;
  }

  /** The level-3 grid containing the point, if this copy knows one; undefined means "ask the registry". */
  resolve(lng: number, lat: number): ResolvedGrid | undefined {
    if (!this.loaded) return undefined;
    const hit = this.index.lookup([lng, lat]);
    const node = hit ? this.nodes.get(hit.id) : undefined;
    if (!node || node.kind !== NodeKind.Grid || node.gridLevel !== 3) return undefined;
    return { code: node.code, path: node.path };
  }

  /** Apply one grid event (what the follower calls); older versions than the copy's are ignored. */
  apply(e: CityGridCloudEvent): void {
    if (e.type === GridRegistryEvents.gridCreated.type) {
      const d = e.data as GridCreatedV1;
      this.upsert(d.id, { code: d.code, path: d.path, kind: d.kind, gridLevel: d.gridLevel, version: d.version }, d.boundary as Boundary);
    } else if (e.type === GridRegistryEvents.gridUpdated.type) {
      const d = e.data as GridUpdatedV1;
      const known = this.nodes.get(d.id);
      // an update of a node this copy never saw: only a reload knows its kind
      if (!known) return void this.reload();
      this.upsert(d.id, { ...known, code: d.code, path: d.path, version: d.version }, d.boundary as Boundary);
    } else if (e.type === GridRegistryEvents.gridRetired.type) {
      const d = e.data as GridRetiredV1;
      const known = this.nodes.get(d.id);
      if (known && known.version >= d.version) return;
      this.retired.set(d.id, d.version);
      this.nodes.delete(d.id);
      this.index.remove(d.id);
    }
  }

  private upsert(id: string, node: KnownNode, boundary: Boundary): void {
    const known = this.nodes.get(id);
    if ((known && known.version >= node.version) || (this.retired.get(id) ?? 0) >= node.version) return;
    this.nodes.set(id, node);
    this.index.upsert({ id, code: node.code, depth: node.path.length, geometry: boundary });
  }

  private fromView(v: NodeView): void {
    this.upsert(v.id, { code: v.code, path: v.path, kind: v.kind, gridLevel: v.gridLevel, version: v.version }, v.boundary as Boundary);
  }

  /** Load every active node from the registry; retried until it succeeds. */
  reload(): Promise<void> {
    this.loading ??= this.loadAll().finally(() => (this.loading = null));
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const seen = new Set<string>();
        let afterCode: string | undefined;
        do {
          const page = await this.rpc.send(GridRegistryRpc.gridIndex, { ...(afterCode ? { afterCode } : {}), limit: 500 }, { anonymous: true });
          for (const v of page.items) {
            seen.add(v.id);
            this.fromView(v);
          }
          afterCode = page.nextAfterCode ?? undefined;
        } while (afterCode);
        // nodes gone from the registry while this copy was not listening
        for (const id of [...this.nodes.keys()]) {
          if (!seen.has(id)) {
            this.nodes.delete(id);
            this.index.remove(id);
          }
        }
        this.loaded = true;
        this.logger.log({ nodes: this.nodes.size }, 'grid index copy loaded');
        return;
      } catch (err) {
        if (attempt === 0 || attempt % 30 === 0) this.logger.warn({ err }, 'could not load the grid index from grid-registry; retrying');
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
    }
  }

  /** Reload when the registry's fingerprint differs from this copy's. */
  private async check(): Promise<void> {
    if (this.loading) return;
    try {
      const page = await this.rpc.send(GridRegistryRpc.gridIndex, { limit: 1 }, { anonymous: true });
      if (page.fingerprint !== this.fingerprint()) await this.reload();
    } catch (err) {
      this.logger.warn({ err }, 'grid index check failed; keeping the current copy');
    }
  }

  private fingerprint(): string {
    return indexFingerprint(this.nodes.values());
  }
}
