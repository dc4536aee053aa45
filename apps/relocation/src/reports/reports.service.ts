import type { Caller } from '@citygrid/contracts/identity';
import type { DailyReportView, MeetingAgendaView, ProgressCurveView, RelocationReportRequest } from '@citygrid/contracts/relocation';
import { ServiceError } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { HelpRequest } from '../help/help-request.entity';
import { toHelpView } from '../help/help.service';
import { WorkPackage } from '../packages/work-package.entity';
import { HouseholdStep, ProjectPlace, type RelocationProject } from '../projects/project.entity';
import { visibleProject } from '../projects/projects.service';
import { toPlaceView } from '../projects/views';
import { RELOCATION_ENV, type RelocationEnv } from '../config';
import { dailyFigures, dayIn, packagesBehind, progressCurve, withoutRecentVisit, type ReportStep } from './arithmetic';

/**
 * The daily report 一天一上报, the every-two-days meeting agenda 两天一碰头 and the progress curves,
 * computed from the households' steps; a step counts on its day in the working time zone.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly orm: MikroORM,
    @Inject(RELOCATION_ENV) private readonly env: RelocationEnv,
  ) {}

  async daily(caller: Caller, q: RelocationReportRequest): Promise<DailyReportView> {
    const { p, date, households, steps, packages } = await this.load(caller, q);
    const f = dailyFigures(households, steps, packages, date);
    return { projectId: p.id, date, households: households.length, counts: f.counts, changes: f.changes, packages: f.packages, holdouts: households.filter((h) => h.holdout).map(toPlaceView) };
  }

  async agenda(caller: Caller, q: RelocationReportRequest): Promise<MeetingAgendaView> {
    const { em, p, date, households, steps, packages } = await this.load(caller, q);
    const f = dailyFigures(households, steps, packages, date);
    const { median, behind } = packagesBehind(f.packages);
    const open = await em.find(HelpRequest, { projectId: p.id, state: { $ne: 'closed' } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const late = new Set(withoutRecentVisit(households, steps, date));
    return {
      projectId: p.id,
      date,
      holdouts: households.filter((h) => h.holdout).map(toPlaceView),
      medianSignedShare: median,
      packagesBehind: behind,
      openHelpRequests: open.map((r) => toHelpView(r, null)),
      notVisited: households.filter((h) => late.has(h.id)).map(toPlaceView),
    };
  }

  async curve(caller: Caller, q: RelocationReportRequest): Promise<ProgressCurveView> {
    const { p, date, households, steps } = await this.load(caller, q);
    return { projectId: p.id, households: households.length, points: progressCurve(households, steps, p.startDate, date) };
  }

  private async load(caller: Caller, q: RelocationReportRequest) {
    const em: EntityManager = this.orm.em.fork();
    const p: RelocationProject = await visibleProject(em, caller, q.projectId);
    const tz = this.env.WORK_TIME_ZONE;
    const date = q.date ?? dayIn(new Date(), tz);
    if (date < p.startDate) throw ServiceError.validation([{ field: 'date', reason: `is before the project's start date ${p.startDate}` }]);
    const households = await em.find(ProjectPlace, { projectId: p.id, kind: 'household', inside: true }, { orderBy: { name: 'asc', id: 'asc' } });
    const rows = await em.find(HouseholdStep, { projectId: p.id }, { orderBy: { at: 'asc', id: 'asc' } });
    const steps: ReportStep[] = rows.map((s) => ({ householdId: s.householdId, state: s.state, day: dayIn(s.at, tz) }));
    const packages = await em.find(WorkPackage, { projectId: p.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return { em, p, date, households, steps, packages };
  }
}
