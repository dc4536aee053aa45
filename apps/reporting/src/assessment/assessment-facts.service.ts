import { GridRegistryEvents } from '@citygrid/contracts/grid-registry';
import { SupervisionEvents } from '@citygrid/contracts/ticketing';
import { Subjects } from '@citygrid/messaging';
import type { ServiceConsumer } from '@citygrid/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { assignmentFactOf, flagFactOf, inspectionFactOf } from './facts';
import { AssessmentFactsRepository } from './facts.repository';

/** Durable consumer of ticketing's supervision flags. */
export const SUPERVISION_CONSUMER = 'reporting-supervision';
/** Durable consumer of ticketing's inspections. */
export const INSPECTION_CONSUMER = 'reporting-inspection';
/** Durable consumer of grid-registry's staff events. */
export const STAFF_CONSUMER = 'reporting-staff';

/**
 * What assessment counts beside the KPIs, built from events only through three durable consumers
 * of their own (NATS 2.9 takes one filter per consumer, and these subjects share no prefix with
 * the read models'), each event applied once through the inbox. A rebuild empties their tables and
 * replays their events through the same handlers.
 */
@Injectable()
export class AssessmentFactsService {
  constructor(
    private readonly repo: AssessmentFactsRepository,
    private readonly subjects: Subjects,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  /** The consumers `serviceConsumerProviders` runs. */
  consumers(): ServiceConsumer[] {
    const tz = this.env.WORK_TIME_ZONE;
    return [
      {
        consumer: SUPERVISION_CONSUMER,
        filterSubject: this.subjects.event('citygrid.ticketing.supervision.>'),
        handlers: { [SupervisionEvents.caseSupervised.type]: (event, em) => this.repo.saveFlag(em, flagFactOf(event, tz)) },
      },
      {
        consumer: INSPECTION_CONSUMER,
        filterSubject: this.subjects.event('citygrid.ticketing.inspection.>'),
        handlers: { [SupervisionEvents.inspectionRecorded.type]: (event, em) => this.repo.saveInspection(em, inspectionFactOf(event, tz)) },
      },
      {
        consumer: STAFF_CONSUMER,
        filterSubject: this.subjects.event('citygrid.grid-registry.staff.>'),
        handlers: {
          [GridRegistryEvents.staffAssigned.type]: (event, em) => this.repo.applyAssignment(em, assignmentFactOf(event, 'assigned')),
          [GridRegistryEvents.staffUnassigned.type]: (event, em) => this.repo.applyAssignment(em, assignmentFactOf(event, 'unassigned')),
        },
      },
    ];
  }
}
