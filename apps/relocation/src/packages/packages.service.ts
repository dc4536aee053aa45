import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { RelocationEvents, type AssignHouseholdsRequest, type CreateWorkPackageRequest, type RelocationProjectRequest, type WorkPackageView } from '@citygrid/contracts/relocation';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { ProjectPlace } from '../projects/project.entity';
import { visibleProject } from '../projects/projects.service';
import { MANAGERS_ONLY, manages } from '../shared/access';
import { toAssign } from './assignment';
import { WorkPackage } from './work-package.entity';

/** Work packages 领导分包: each leader's and work group's households, one package per household (一户包到底). */
@Injectable()
export class PackagesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
  ) {}

  async create(caller: Caller, dto: CreateWorkPackageRequest): Promise<WorkPackageView> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const p = await visibleProject(tx, caller, dto.projectId);
      assertAllowed(manages(caller, p.path), MANAGERS_ONLY);
      const pkg = Object.assign(new WorkPackage(), { id: randomUUID(), projectId: p.id, leader: dto.leader, group: dto.group, createdBy: caller.id, createdAt: new Date() });
      tx.persist(pkg);
      this.events.record(tx, RelocationEvents.packageChanged, pkg.id, { id: pkg.id, projectId: p.id, action: 'create', households: 0, path: p.path, by: caller.id }, undefined, {
        leader: pkg.leader,
        group: pkg.group,
      });
      await tx.flush();
      return toPackageView(pkg, 0);
    });
  }

  async list(caller: Caller, req: RelocationProjectRequest): Promise<WorkPackageView[]> {
    const em = this.orm.em.fork();
    await visibleProject(em, caller, req.projectId);
    const rows = await em.find(WorkPackage, { projectId: req.projectId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return Promise.all(rows.map(async (r) => toPackageView(r, await em.count(ProjectPlace, { packageId: r.id }))));
  }

  /** Assign households of the project to the package; one already in another package: 409 naming it, and nothing is assigned. */
  async assign(caller: Caller, req: AssignHouseholdsRequest): Promise<WorkPackageView> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const p = await visibleProject(tx, caller, req.projectId);
      assertAllowed(manages(caller, p.path), MANAGERS_ONLY);
      const pkg = await packageOf(tx, p.id, req.id, true);
      const ids = [...new Set(req.householdIds)];
      const rows = await tx.find(ProjectPlace, { projectId: p.id, kind: 'household', id: { $in: ids } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const missing = ids.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length) {
        throw new ServiceError(
          ErrorCode.Unprocessable,
          `${missing.length} household(s) are not in this project.`,
          missing.map((id) => ({ field: 'householdIds', reason: `${id} is not a household of this project` })),
        );
      }
      const others = new Map((await tx.find(WorkPackage, { projectId: p.id })).map((w) => [w.id, `${w.leader} / ${w.group}`]));
      const now = new Date();
      for (const h of toAssign(rows, pkg.id, (id) => others.get(id) ?? id)) Object.assign(h, { packageId: pkg.id, updatedAt: now });
      await tx.flush();
      const households = await tx.count(ProjectPlace, { packageId: pkg.id });
      this.events.record(tx, RelocationEvents.packageChanged, pkg.id, { id: pkg.id, projectId: p.id, action: 'assign', households, path: p.path, by: caller.id }, undefined, { householdIds: ids });
      await tx.flush();
      return toPackageView(pkg, households);
    });
  }
}

async function packageOf(em: EntityManager, projectId: string, id: string, lock = false): Promise<WorkPackage> {
  const pkg = await em.findOne(WorkPackage, { id, projectId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!pkg) throw new ServiceError(ErrorCode.NotFound, `Work package ${id} is not in relocation project ${projectId}.`);
  return pkg;
}

function toPackageView(p: WorkPackage, households: number): WorkPackageView {
  return { id: p.id, projectId: p.projectId, leader: p.leader, group: p.group, households };
}
