import { assertAllowed, inScope } from '@citygrid/auth';
import type { FieldError } from '@citygrid/contracts';
import {
  EmploymentEvents,
  PlacementStatus,
  type NodeProgressView,
  type ProgressRequest,
  type ProgressView,
  type SetTargetRequest,
  type SplitTargetRequest,
  type TargetView,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder, executeBound } from '@citygrid/persistence';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertCanRead, assertCanSetTargets } from '../shared/access';
import { EmploymentException } from '../shared/employment.exception';
import { RegistryClient, type ResolvedNode } from '../shared/registry-client';
import { percentOf } from './percent';
import { Target } from './target.entity';

/**
 * Yearly targets of new urban jobs per node, split down the tree (children together never above
 * their parent), and actual against target rolled up over each subtree from the placements that
 * count. Operators set targets at their node and beneath it.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
  ) {}

  async set(caller: Caller, req: SetTargetRequest): Promise<TargetView> {
    assertCanSetTargets(caller);
    const node = await this.node(caller, req.nodeCode);
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      await this.lock(tx, req.year);
      const targets = await tx.find(Target, { year: req.year, path: { $contains: [node.code] } });
      const children = targets.filter((t) => t.path.length === node.path.length + 1);
      const childSum = children.reduce((sum, t) => sum + t.target, 0);
      if (req.target > 0 && childSum > req.target)
        throw EmploymentException.unprocessable(`The children's targets already add up to ${childSum}, more than ${req.target}.`, [
          { field: 'target', reason: `must be at least ${childSum}, the sum of the children's targets` },
        ]);
      if (node.parentCode !== null) {
        const parent = await tx.findOne(Target, { nodeCode: node.parentCode, year: req.year });
        if (parent) {
          const siblings = await tx.find(Target, { year: req.year, path: { $contains: [node.parentCode] }, nodeCode: { $ne: node.code } });
          const siblingSum = siblings.filter((t) => t.path.length === node.path.length).reduce((sum, t) => sum + t.target, 0);
          if (siblingSum + req.target > parent.target)
            throw EmploymentException.unprocessable(`With its siblings' ${siblingSum}, ${req.target} exceeds the parent's target of ${parent.target}.`, [
              { field: 'target', reason: `must be at most ${parent.target - siblingSum} (parent ${node.parentCode}: ${parent.target})` },
            ]);
        }
      }
      return this.write(tx, caller, node, req.year, req.target);
    });
  }

  async split(caller: Caller, req: SplitTargetRequest): Promise<TargetView[]> {
    assertCanSetTargets(caller);
    const node = await this.node(caller, req.nodeCode);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    req.children.forEach((c, i) => {
      if (seen.has(c.nodeCode)) errors.push({ field: `children[${i}].nodeCode`, reason: 'is listed twice' });
      seen.add(c.nodeCode);
    });
    if (errors.length) throw EmploymentException.invalid(errors);
    const children: ResolvedNode[] = [];
    for (const [i, c] of req.children.entries()) {
      const child = await this.registry.node(c.nodeCode, `children[${i}].nodeCode`);
      if (child.parentCode !== node.code)
        throw EmploymentException.unprocessable(`Node ${c.nodeCode} is not a child of ${node.code}.`, [{ field: `children[${i}].nodeCode`, reason: `is not a child of ${node.code}` }]);
      children.push(child);
    }
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      await this.lock(tx, req.year);
      const parent = await tx.findOne(Target, { nodeCode: node.code, year: req.year });
      if (!parent) throw EmploymentException.unprocessable(`Node ${node.code} has no target for ${req.year} to split.`, [{ field: 'year', reason: `node ${node.code} has no target for ${req.year}` }]);
      const others = (await tx.find(Target, { year: req.year, path: { $contains: [node.code] } })).filter((t) => t.path.length === node.path.length + 1 && !seen.has(t.nodeCode));
      const otherSum = others.reduce((sum, t) => sum + t.target, 0);
      const given = req.children.reduce((sum, c) => sum + c.target, 0);
      if (given + otherSum > parent.target)
        throw EmploymentException.unprocessable(`The children's targets add up to ${given + otherSum}, more than ${node.code}'s ${parent.target}.`, [
          { field: 'children', reason: `add up to ${given + otherSum}${otherSum ? ` (with ${otherSum} of children not listed)` : ''}, more than the parent's ${parent.target}` },
        ]);
      const views: TargetView[] = [];
      for (const [i, child] of children.entries()) {
        const share = req.children[i]?.target ?? 0;
        const grandchildren = (await tx.find(Target, { year: req.year, path: { $contains: [child.code] } }))
          .filter((t) => t.path.length === child.path.length + 1)
          .reduce((sum, t) => sum + t.target, 0);
        if (share > 0 && grandchildren > share)
          throw EmploymentException.unprocessable(`Node ${child.code}'s own children already have ${grandchildren}.`, [
            { field: `children[${i}].target`, reason: `must be at least ${grandchildren}, the sum of its children's targets` },
          ]);
        views.push(await this.write(tx, caller, child, req.year, share));
      }
      return views;
    });
  }

  async progress(caller: Caller, req: ProgressRequest): Promise<ProgressView> {
    assertCanRead(caller);
    const node = await this.registry.pathNode(req.nodeCode);
    if (!inScope(caller, node.path)) throw EmploymentException.notFound('Node', req.nodeCode);
    const year = req.year ?? new Date().getFullYear();
    const em = this.orm.em.fork();
    const depth = node.path.length;
    const rows = await executeBound<{ child: string | null; n: string }>(
      em,
      `select "path"[?] as "child", count(*) as "n" from ${this.table(em, 'placement')}
       where "status" = ? and "date" between ?::date and ?::date and "path" @> ?::text[]
       group by 1`,
      [depth + 1, PlacementStatus.Recorded, `${year}-01-01`, `${year}-12-31`, [node.code]],
    );
    const targets = await em.find(Target, { year: year, path: { $contains: [node.code] } });
    const own = targets.find((t) => t.nodeCode === node.code)?.target ?? null;
    const actual = rows.reduce((sum, r) => sum + Number(r.n), 0);
    const byChild = new Map<string, NodeProgressView>();
    for (const t of targets.filter((t) => t.path.length === depth + 1)) byChild.set(t.nodeCode, { nodeCode: t.nodeCode, target: t.target, actual: 0, percent: null });
    for (const r of rows) {
      if (r.child === null) continue; // placed at the node itself
      const c = byChild.get(r.child) ?? { nodeCode: r.child, target: null, actual: 0, percent: null };
      c.actual += Number(r.n);
      byChild.set(r.child, c);
    }
    const children = [...byChild.values()].sort((a, b) => a.nodeCode.localeCompare(b.nodeCode)).map((c) => ({ ...c, percent: percentOf(c.actual, c.target) }));
    return { nodeCode: node.code, path: node.path, year: year, target: own, actual, percent: percentOf(actual, own), children };
  }

  /** The node, resolved as the caller; setting its target needs it in the caller's subtree (403 otherwise). */
  private async node(caller: Caller, code: string): Promise<ResolvedNode> {
    const node = await this.registry.pathNode(code);
    assertAllowed(inScope(caller, node.path), 'Targets are set by operators at the node or above it.');
    return node;
  }

  /** Targets of one year change one at a time, so that two splits cannot together exceed a parent. */
  private async lock(tx: EntityManager, year: number): Promise<void> {
    await executeBound(tx, 'select pg_advisory_xact_lock(hashtext(?), ?)', [`${this.table(tx, 'target')}`, year]);
  }

  private async write(tx: EntityManager, caller: Caller, node: ResolvedNode, year: number, target: number): Promise<TargetView> {
    const existing = await tx.findOne(Target, { nodeCode: node.code, year });
    const before = existing ? { nodeCode: existing.nodeCode, year, target: existing.target } : undefined;
    const now = new Date();
    if (target === 0) {
      if (existing) tx.remove(existing);
    } else if (existing) {
      existing.target = target;
      existing.path = node.path;
      existing.by = caller.id;
      existing.updatedAt = now;
    } else {
      tx.persist(Object.assign(new Target(), { nodeCode: node.code, year, path: node.path, target, by: caller.id, updatedAt: now }));
    }
    this.events.record(tx, EmploymentEvents.targetSet, `${node.code}:${year}`, { nodeCode: node.code, path: node.path, year, target, by: caller.id }, before);
    await tx.flush();
    return { nodeCode: node.code, path: node.path, year, target, updatedAt: now.toISOString() };
  }

  private table(em: EntityManager, name: string): string {
    const schema = em.config.get('schema');
    return schema ? `"${schema}"."${name}"` : `"${name}"`;
  }
}
