import { NodeStatus, type GridIndexPage, type NodeView } from '@citygrid/contracts/grid-registry';
import { GridSpatialIndex, indexFingerprint, type IndexedNode, type LngLat } from '@citygrid/geo';
import { EventFollower, Subjects } from '@citygrid/messaging';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';

import { GRID_REGISTRY_ENV, type GridRegistryEnv } from '../config';
import { SERVICE_NATS } from '../shared/tokens';
import { GridNode } from './grid-node.entity';
import { toNodeView } from './node-view';

/**
 * Keeps the in-memory spatial index in step with the database. Every replica loads all active
 * nodes at start, applies its own writes at once, hears other replicas' writes through the grid
 * events on NATS, and re-checks the database periodically in case it missed one (e.g. during a
 * NATS reconnect).
 */
@Injectable()
export class GridIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GridIndexService.name);
  private readonly index = new GridSpatialIndex();
  private follower?: EventFollower;
  private timer?: NodeJS.Timeout;
  private fingerprint = '';
  /** Version of each node as last applied, so a replica skips the events of its own writes. */
  private readonly versions = new Map<string, number>();
  /** The view of each active node in the index: a point lookup answers from memory, not Postgres. */
  private readonly views = new Map<string, NodeView>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    @Inject(GRID_REGISTRY_ENV) private readonly env: GridRegistryEnv,
    private readonly subjects: Subjects,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Other replicas' writes, through an ordered consumer (it resumes after a gap instead of missing one).
    this.follower = new EventFollower({
      nc: this.nc,
      stream: this.subjects.stream,
      filterSubject: this.subjects.event('citygrid.grid-registry.grid.*'),
      onEvent: (event) => {
        const known = event.subject ? this.versions.get(event.subject) : undefined;
        const version = (event.data as { version?: unknown } | undefined)?.version;
        if (event.subject && (known === undefined || typeof version !== 'number' || version > known)) void this.refreshNode(event.subject);
      },
    });
    await this.follower.start();
    // then the table: a write between the two is applied by version either way
    await this.reload();
    this.timer = setInterval(() => void this.reloadIfChanged(), this.env.INDEX_REFRESH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.follower?.stop();
  }

  /** The deepest active node containing the point (border ties go to the smaller code). */
  lookup(point: LngLat): IndexedNode | undefined {
    return this.index.lookup(point);
  }

  /** The deepest active node containing the point, as the API shows it; undefined outside every node. */
  lookupView(point: LngLat): NodeView | undefined {
    const hit = this.index.lookup(point);
    return hit ? this.views.get(hit.id) : undefined;
  }

  /** Active nodes as the API shows them, by code, after `afterCode`; with the index's fingerprint. */
  page(afterCode: string | undefined, limit: number): GridIndexPage {
    const sorted = [...this.views.values()].filter((v) => afterCode === undefined || v.code > afterCode).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const items = sorted.slice(0, limit);
    return { fingerprint: indexFingerprint(this.views.values()), items, nextAfterCode: sorted.length > limit ? (items[items.length - 1]?.code ?? null) : null };
  }

  get size(): number {
    return this.index.size;
  }

  /** Apply a node written by this replica (after commit). */
  apply(node: GridNode): void {
    this.versions.set(node.id, node.version);
    if (node.status === NodeStatus.Active) {
      this.index.upsert(toIndexed(node));
      this.views.set(node.id, toNodeView(node));
    } else {
      this.index.remove(node.id);
      this.views.delete(node.id);
    }
  }

  private async refreshNode(id: string): Promise<void> {
    try {
      const node = await this.orm.em.fork().findOne(GridNode, { id });
      if (node) this.apply(node);
      else {
        this.index.remove(id);
        this.views.delete(id);
      }
    } catch (err) {
      this.logger.warn({ err, id }, 'could not refresh node in spatial index');
    }
  }

  private async currentFingerprint(): Promise<string> {
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ n: string; v: string; t: string | null }>>(
        `select count(*)::text as n, coalesce(sum(version), 0)::text as v, max(updated_at)::text as t from "${this.env.DATABASE_SCHEMA}"."grid_node" where status = 'active'`,
      );
    const row = rows[0];
    return row ? `${row.n}/${row.v}/${row.t ?? ''}` : '';
  }

  private async reloadIfChanged(): Promise<void> {
    try {
      if ((await this.currentFingerprint()) !== this.fingerprint) await this.reload();
    } catch (err) {
      this.logger.warn({ err }, 'spatial index refresh failed; keeping the current index');
    }
  }

  /** Rebuild the index from the database. */
  async reload(): Promise<void> {
    const fingerprint = await this.currentFingerprint();
    const nodes = await this.orm.em.fork().find(GridNode, { status: NodeStatus.Active });
    this.index.clear();
    this.index.load(nodes.map(toIndexed));
    this.views.clear();
    for (const n of nodes) {
      this.versions.set(n.id, n.version);
      this.views.set(n.id, toNodeView(n));
    }
    this.fingerprint = fingerprint;
    this.logger.log({ nodes: nodes.length }, 'spatial index loaded');
  }
}

function toIndexed(node: GridNode): IndexedNode {
  return { id: node.id, code: node.code, depth: node.depth, geometry: node.boundary };
}
