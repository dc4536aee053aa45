import { randomUUID } from 'node:crypto';

import type { Page } from '@citygrid/contracts';
import {
  GridRegistryEvents,
  NodeKind,
  NodeStatus,
  type CreateNodeDto,
  type ListNodesQuery,
  type LookupPointQuery,
  type LookupResultView,
  type NodeTreeView,
  type NodeView,
  type RetireNodeDto,
  type UpdateNodeDto,
} from '@citygrid/contracts/grid-registry';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { assertAllowed, assertInScope, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { assertIfMatch } from '@citygrid/service-kit';
import { Injectable } from '@nestjs/common';

import { bbox, isWithin, validateBoundary, type Boundary } from '@citygrid/geo';
import { assertCanChangeNodeAt, assertCanRead, scopeFilter } from '../shared/access';
import { GridRegistryException } from '../shared/grid-registry.exception';
import { GridIndexService } from './grid-index.service';
import { GridNode } from './grid-node.entity';
import { checkNode, type ParentInfo } from './node-rules';
import { toNodeView, toTree } from './node-view';

@Injectable()
export class NodesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly gridIndex: GridIndexService,
  ) {}

  async create(caller: Caller, dto: CreateNodeDto): Promise<NodeView> {
    const em = this.orm.em.fork();
    const parent = dto.parentCode ? await em.findOne(GridNode, { code: dto.parentCode }) : null;
    // A parent outside the caller's area is as good as unknown to them.
    const visibleParent = parent && (isSystemAdmin(caller) || parent.path.includes(caller.nodeScope ?? '\u0000')) ? parent : null;
    if (parent && !visibleParent) assertAllowed(false, 'That part of the tree is outside your area.');
    if (!dto.parentCode) assertAllowed(isSystemAdmin(caller), 'Only the system administrator creates a city.');
    else if (visibleParent) assertCanChangeNodeAt(caller, [...visibleParent.path, dto.code]);
    const rules = checkNode(dto, (code) => (parent && parent.code === code ? parent : undefined));
    if (rules.invalid.length) throw GridRegistryException.invalid(rules.invalid);
    if (rules.unprocessable.length) throw GridRegistryException.unprocessable(rules.unprocessable.map((e) => e.reason).join('; '), rules.unprocessable);
    if (await em.count(GridNode, { code: dto.code })) throw duplicateCode(dto.code);

    const node = await this.inTransaction(
      em,
      async (tx) => {
        const n = this.buildNode(dto, rules.gridLevel, parent);
        tx.persist(n);
        this.recordCreated(tx, n);
        return n;
      },
      dto.code,
    );
    this.gridIndex.apply(node);
    return toNodeView(node);
  }

  /** Build a node entity (used by create and by imports). */
  buildNode(dto: CreateNodeDto, gridLevel: 1 | 2 | 3 | null, parent: Pick<GridNode, 'id' | 'code' | 'depth' | 'path'> | null): GridNode {
    const boundary = dto.boundary as Boundary;
    const [minLng, minLat, maxLng, maxLat] = bbox(boundary);
    const now = new Date();
    return Object.assign(new GridNode(), {
      id: randomUUID(),
      code: dto.code,
      name: dto.name,
      nameEn: dto.nameEn ?? null,
      kind: dto.kind,
      gridLevel,
      parentId: parent?.id ?? null,
      parentCode: parent?.code ?? null,
      depth: parent ? parent.depth + 1 : 0,
      path: parent ? [...parent.path, dto.code] : [dto.code],
      status: NodeStatus.Active,
      boundary,
      minLng,
      minLat,
      maxLng,
      maxLat,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  }

  recordCreated(em: EntityManager, n: GridNode): void {
    this.events.record(em, GridRegistryEvents.gridCreated, n.id, {
      id: n.id,
      code: n.code,
      path: n.path,
      name: n.name,
      nameEn: n.nameEn,
      kind: n.kind,
      gridLevel: n.gridLevel,
      parentCode: n.parentCode,
      boundary: n.boundary,
      version: 1,
    });
  }

  async update(caller: Caller, code: string, changes: UpdateNodeDto): Promise<NodeView> {
    const em = this.orm.em.fork();
    const node = await this.mustFindFor(caller, em, code);
    assertCanChangeNodeAt(caller, node.path);
    // a client that read version n and says If-Match: "n" changes it only if it is still at n (the flush checks it again)
    assertIfMatch(node.version);
    if (node.status === NodeStatus.Retired) throw GridRegistryException.conflict(`Node ${code} is retired and cannot change.`);
    const changed: string[] = [];
    if (changes.name !== undefined && changes.name !== node.name) changed.push('name');
    if (changes.nameEn !== undefined && changes.nameEn !== node.nameEn) changed.push('nameEn');
    if (changes.boundary !== undefined) {
      const errors = validateBoundary(changes.boundary);
      if (errors.length) throw GridRegistryException.invalid(errors);
      const boundary = changes.boundary as Boundary;
      if (node.parentId) {
        const parent = await em.findOneOrFail(GridNode, { id: node.parentId });
        if (!isWithin(parent.boundary, boundary)) {
          throw GridRegistryException.unprocessable(`The new boundary lies outside the parent ${parent.code}.`, [{ field: 'boundary', reason: `boundary lies outside its parent ${parent.code}` }]);
        }
      }
      const children = await em.find(GridNode, { parentId: node.id, status: NodeStatus.Active });
      const outside = children.filter((c) => !isWithin(boundary, c.boundary)).map((c) => c.code);
      if (outside.length) {
        throw GridRegistryException.unprocessable(`The new boundary would leave children outside: ${outside.join(', ')}.`, [
          { field: 'boundary', reason: `children outside the new boundary: ${outside.join(', ')}` },
        ]);
      }
      changed.push('boundary');
    }
    if (changed.length === 0) return toNodeView(node);

    await this.inTransaction(em, async (tx) => {
      if (changes.name !== undefined) node.name = changes.name;
      if (changes.nameEn !== undefined) node.nameEn = changes.nameEn;
      if (changes.boundary !== undefined) {
        node.boundary = changes.boundary as Boundary;
        [node.minLng, node.minLat, node.maxLng, node.maxLat] = bbox(node.boundary);
      }
      node.updatedAt = new Date();
      await tx.flush();
      this.events.record(tx, GridRegistryEvents.gridUpdated, node.id, {
        id: node.id,
        code: node.code,
        path: node.path,
        changed,
        name: node.name,
        nameEn: node.nameEn,
        boundary: node.boundary,
        version: node.version,
      });
    });
    this.gridIndex.apply(node);
    return toNodeView(node);
  }

  async retire(caller: Caller, code: string, dto: RetireNodeDto): Promise<NodeView> {
    const em = this.orm.em.fork();
    const node = await this.mustFindFor(caller, em, code);
    assertIfMatch(node.version);
    assertCanChangeNodeAt(caller, node.path);
    if (node.status === NodeStatus.Retired) throw GridRegistryException.conflict(`Node ${code} is already retired.`);
    const activeChildren = await em.count(GridNode, { parentId: node.id, status: NodeStatus.Active });
    if (activeChildren > 0) {
      throw GridRegistryException.conflict(`Node ${code} still has ${activeChildren} active children; retire them first.`);
    }
    await this.inTransaction(em, async (tx) => {
      node.status = NodeStatus.Retired;
      node.retiredReason = dto.reason;
      node.updatedAt = new Date();
      await tx.flush();
      this.events.record(tx, GridRegistryEvents.gridRetired, node.id, { id: node.id, code: node.code, path: node.path, reason: dto.reason, version: node.version });
    });
    this.gridIndex.apply(node);
    return toNodeView(node);
  }

  async get(caller: Caller, code: string): Promise<NodeView> {
    return toNodeView(await this.mustFindFor(caller, this.orm.em.fork(), code));
  }

  async children(caller: Caller, code: string): Promise<NodeView[]> {
    const em = this.orm.em.fork();
    const node = await this.mustFindFor(caller, em, code);
    const children = await em.find(GridNode, { parentId: node.id }, { orderBy: { code: 'asc' } });
    return children.map(toNodeView);
  }

  async list(caller: Caller, q: ListNodesQuery): Promise<Page<NodeView>> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<GridNode>(caller, 'path');
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<GridNode> = { ...(scope as object) };
    if (q.kind) where.kind = q.kind;
    if (q.gridLevel) where.gridLevel = q.gridLevel as 1 | 2 | 3;
    if (q.under) where.code = { $like: `${q.under}%` };
    if (q.includeRetired !== 'true') where.status = NodeStatus.Active;
    const [items, total] = await em.findAndCount(GridNode, where, { orderBy: { code: 'asc' }, offset, limit });
    return { items: items.map(toNodeView), total, offset, limit };
  }

  async tree(caller: Caller, requested?: string): Promise<NodeTreeView[]> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    // Without a root, a scoped caller gets the tree from its own node down; a caller with no
    // scope at all (other than the system administrator) sees no tree.
    if (!requested && scopeFilter(caller, 'path') === null) return [];
    const code = requested ?? caller.nodeScope ?? undefined;
    if (code) {
      await this.mustFindFor(caller, em, code);
      // Codes are hierarchical, except a district under its city (shared first four digits).
      const nodes = await em.find(GridNode, { code: { $like: `${code}%` } }, { fields: ['id', 'code', 'name', 'kind', 'gridLevel', 'status', 'parentCode'] as never });
      const all = code.length === 6 && code.endsWith('00') ? await em.find(GridNode, {}, { fields: ['id', 'code', 'name', 'kind', 'gridLevel', 'status', 'parentCode'] as never }) : nodes;
      return toTree(all, [code]);
    }
    const nodes = await em.find(GridNode, {}, { fields: ['id', 'code', 'name', 'kind', 'gridLevel', 'status', 'parentCode'] as never });
    return toTree(nodes, null);
  }

  /** Which grid a point lies in. API clients that may report cases may ask too (their scope is checked by CLIENT_ACCESS). */
  lookup(caller: Caller, q: LookupPointQuery): LookupResultView {
    // Answered from the index, which holds every active node as the API shows it.
    const node = this.gridIndex.lookupView([q.lng, q.lat]);
    if (!node) throw GridRegistryException.notFound('Grid at point', `[${q.lng}, ${q.lat}]`);
    assertInScope(caller, node.path, 'Grid at point');
    return { node, path: node.path };
  }

  /** The level-3 grid containing a point, or a 422 naming the field. */
  async resolveGrid(em: EntityManager, point: [number, number], field: string): Promise<GridNode> {
    const hit = this.gridIndex.lookup(point);
    const node = hit ? await em.findOne(GridNode, { id: hit.id }) : null;
    if (!node || node.kind !== NodeKind.Grid || node.gridLevel !== 3) {
      throw GridRegistryException.unprocessable(`The location [${point[0]}, ${point[1]}] is not inside any level-3 grid.`, [{ field, reason: 'location is outside every level-3 grid' }]);
    }
    return node;
  }

  /** A node the caller may see, or 404 (out of scope looks exactly like absent). */
  async mustFindFor(caller: Caller, em: EntityManager, code: string): Promise<GridNode> {
    assertCanRead(caller);
    const node = await this.mustFind(em, code);
    assertInScope(caller, node.path, `Node ${code}`);
    return node;
  }

  async mustFind(em: EntityManager, code: string): Promise<GridNode> {
    const node = await em.findOne(GridNode, { code });
    if (!node) throw GridRegistryException.notFound('Node', code);
    return node;
  }

  /** Nodes by code, for rules that need a parent lookup. */
  toParentInfo(n: GridNode): ParentInfo {
    return { code: n.code, kind: n.kind, gridLevel: n.gridLevel, status: n.status, boundary: n.boundary };
  }

  private async inTransaction<T>(em: EntityManager, fn: (tx: EntityManager) => Promise<T>, code?: string): Promise<T> {
    try {
      return await em.transactional(fn);
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException && code) throw duplicateCode(code);
      throw err;
    }
  }
}

function duplicateCode(code: string): GridRegistryException {
  return GridRegistryException.conflict(`A node with code ${code} already exists.`, [{ field: 'code', reason: `duplicate code ${code}` }]);
}
