import { CommunityServicesEvents } from '@citygrid/contracts/community-services';
import { EmploymentEvents } from '@citygrid/contracts/employment';
import { HealthEvents } from '@citygrid/contracts/health';
import { SchoolingEvents } from '@citygrid/contracts/schooling';
import type { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { Subjects, type EventHandlers } from '@citygrid/messaging';
import type { ServiceConsumer } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { factHandler } from '../read-models/fact-handler';
import { ReadModelRepository } from '../read-models/read-model.repository';
import { coverageFactOf, enrolmentFactOf, lectureFactOf, placementFactOf, serviceRequestFactOf, targetFactOf } from './livelihood-facts';
import { LivelihoodRepository } from './livelihood.repository';

/** The steps of an enrolment help request: each event carries the request as it stands after it. */
const ENROLMENT_STEPS = [SchoolingEvents.requestReceived, SchoolingEvents.requestChecked, SchoolingEvents.requestReferred, SchoolingEvents.requestPlaced, SchoolingEvents.requestRefused];
/** The steps of a service request to a centre, likewise. */
const SERVICE_REQUEST_STEPS = [
  CommunityServicesEvents.requestReceived,
  CommunityServicesEvents.requestAssigned,
  CommunityServicesEvents.requestStarted,
  CommunityServicesEvents.requestClosed,
  CommunityServicesEvents.requestCancelled,
];

/** Durable consumers of the livelihood services' events (NATS 2.9 takes one filter per consumer). */
export const EMPLOYMENT_CONSUMER = 'reporting-employment';
export const HEALTH_CONSUMER = 'reporting-health';
export const SCHOOLING_CONSUMER = 'reporting-schooling';
export const COMMUNITY_CONSUMER = 'reporting-community';

/**
 * The livelihood figures 网格惠民 are built from events only: one durable consumer per service
 * (employment, health, schooling, community-services), each event applied once through the inbox,
 * in the transaction that records it. The nodes of their paths are added to the node table (named
 * later by grid-registry's events), so a node known only from a placement is still reported. A
 * rebuild empties the tables and replays these events through the same handlers.
 */
@Injectable()
export class LivelihoodFactsService {
  constructor(
    private readonly repo: LivelihoodRepository,
    private readonly nodes: ReadModelRepository,
    private readonly subjects: Subjects,
  ) {}

  /** The consumers `serviceConsumerProviders` runs (and a rebuild replays through). */
  consumers(): ServiceConsumer[] {
    return [
      {
        consumer: EMPLOYMENT_CONSUMER,
        filterSubject: this.subjects.event('citygrid.employment.>'),
        handlers: {
          ...this.on(EmploymentEvents.placementRecorded, (e, em) => this.repo.savePlacement(em, placementFactOf(e, false))),
          ...this.on(EmploymentEvents.placementCancelled, (e, em) => this.repo.savePlacement(em, placementFactOf(e, true))),
          ...this.on(EmploymentEvents.targetSet, (e, em) => this.repo.saveTarget(em, targetFactOf(e))),
        },
      },
      {
        consumer: HEALTH_CONSUMER,
        filterSubject: this.subjects.event('citygrid.health.>'),
        handlers: {
          ...this.on(HealthEvents.coverageComputed, (e, em) => this.repo.saveCoverage(em, coverageFactOf(e))),
          ...this.on(HealthEvents.lectureHeld, (e, em) => this.repo.saveLecture(em, lectureFactOf(e))),
        },
      },
      {
        consumer: SCHOOLING_CONSUMER,
        filterSubject: this.subjects.event('citygrid.schooling.>'),
        handlers: Object.assign({}, ...ENROLMENT_STEPS.map((def) => this.on(def, (e, em) => this.repo.saveEnrolment(em, enrolmentFactOf(e))))) as EventHandlers,
      },
      {
        consumer: COMMUNITY_CONSUMER,
        filterSubject: this.subjects.event('citygrid.community-services.>'),
        handlers: Object.assign({}, ...SERVICE_REQUEST_STEPS.map((def) => this.on(def, (e, em) => this.repo.saveServiceRequest(em, serviceRequestFactOf(e))))) as EventHandlers,
      },
    ];
  }

  private on<T extends { path: string[] }>(def: EventDefinition<T>, apply: (event: CityGridCloudEvent<T>, em: EntityManager) => Promise<void>): EventHandlers {
    return factHandler(this.nodes, def, apply);
  }
}
