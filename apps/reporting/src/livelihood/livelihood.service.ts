import { assertAllowed, inScope } from '@citygrid/auth';
import { Role, type Caller } from '@citygrid/contracts/identity';
import type { LivelihoodQuery, LivelihoodReportView, LivelihoodRowView } from '@citygrid/contracts/reporting';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { dayIn } from '../shared/work-day';
import { REPORTING_ENV, type ReportingEnv } from '../config';
import { rate } from '../kpis/figures';
import { NodeRecord } from '../read-models/node.entity';
import { ReportingException } from '../shared/reporting.exception';
import { LivelihoodRepository, type LivelihoodCounts } from './livelihood.repository';

/**
 * The livelihood figures of a node and of each of its children for a year, read from the facts
 * the livelihood consumers keep. A node's jobs target is its own, or else the sum of its
 * children's (a subdistrict that only split its target down still has one).
 */
@Injectable()
export class LivelihoodService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repo: LivelihoodRepository,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  async figures(caller: Caller, q: LivelihoodQuery): Promise<LivelihoodReportView> {
    assertAllowed(!caller.roles.includes(Role.DepartmentOfficer), 'Department officers see the cases of their department only; the figures count every household of an area.');
    const em = this.orm.em.fork();
    const node = await em.findOne(NodeRecord, { code: q.node });
    if (!node || !inScope(caller, node.path)) throw ReportingException.notFound('Node', q.node);
    const now = new Date();
    const year = q.year ?? Number(dayIn(now, this.env.WORK_TIME_ZONE).slice(0, 4));
    const children = await em.find(NodeRecord, { parentCode: node.code }, { orderBy: { code: 'asc' } });
    const [own, rows] = await Promise.all([this.repo.counts(node.code, year, now), Promise.all(children.map(async (n) => row(n, await this.repo.counts(n.code, year, now))))]);
    return { ...row(node, own), year, children: rows, computedAt: now.toISOString() };
  }
}

function row(node: NodeRecord, c: LivelihoodCounts): LivelihoodRowView {
  const closed = c.services.reduce(
    (sum, s) => ({
      received: sum.received + s.received,
      closed: sum.closed + s.closed,
      closedOnTime: sum.closedOnTime + s.closedOnTime,
      asked: sum.asked + s.asked,
      satisfied: sum.satisfied + s.satisfied,
    }),
    { received: 0, closed: 0, closedOnTime: 0, asked: 0, satisfied: 0 },
  );
  const services = (s: typeof closed) => ({ received: s.received, closed: s.closed, onTime: rate(s.closedOnTime, s.closed), satisfied: rate(s.satisfied, s.asked) });
  return {
    employment: {
      node: { code: node.code, name: node.name, path: [...node.path] },
      placements: rate(c.placements, c.ownTarget ?? c.childrenTarget),
      byKind: c.byKind,
      byCategory: c.byCategory,
    },
    health: { households: rate(c.covered, c.households), grids: rate(c.gridsCovered, c.grids), lectures: c.lectures, lectureAttendance: c.lectureAttendance },
    schooling: { ...c.enrolment },
    services: services(closed),
    byCentre: c.services.map((s) => ({ centre: s.centre, ...services(s) })),
  };
}
