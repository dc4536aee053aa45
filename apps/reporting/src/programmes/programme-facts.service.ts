import { HOUSEHOLD_STATES, RelocationEvents } from '@citygrid/contracts/relocation';
import { VolunteersEvents } from '@citygrid/contracts/volunteers';
import type { CityGridCloudEvent, EventDefinition } from '@citygrid/contracts';
import { Subjects, type EventHandlers } from '@citygrid/messaging';
import type { ServiceConsumer } from '@citygrid/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { factHandler } from '../read-models/fact-handler';
import { ReadModelRepository } from '../read-models/read-model.repository';
import { ProgrammeRepository } from './programme.repository';

/** Durable consumers of volunteers' and relocation's events (NATS 2.9 takes one filter per consumer). */
export const VOLUNTEERS_CONSUMER = 'reporting-volunteers';
export const RELOCATION_CONSUMER = 'reporting-relocation';

/**
 * The facts of party building, volunteers and relocation are built from events only: one durable
 * consumer per service, each event applied once through the inbox, in the transaction that
 * records it, by order-independent writes (a unit, an organisation, a member's hours of an
 * activity keep their latest event by time; a step is kept once). The nodes of their paths are
 * added to the node table, named later by grid-registry's events. A rebuild empties the tables and
 * replays these events through the same handlers.
 */
@Injectable()
export class ProgrammeFactsService {
  constructor(
    private readonly repo: ProgrammeRepository,
    private readonly nodes: ReadModelRepository,
    private readonly subjects: Subjects,
  ) {}

  /** The consumers `serviceConsumerProviders` runs (and a rebuild replays through). */
  consumers(): ServiceConsumer[] {
    const v = VolunteersEvents;
    const r = RelocationEvents;
    return [
      {
        consumer: VOLUNTEERS_CONSUMER,
        filterSubject: this.subjects.event('citygrid.volunteers.>'),
        handlers: {
          ...this.on(v.unitChanged, (e, em) => this.repo.saveUnit(em, { unitId: e.data.id, placeId: e.data.placeId, shouldHaveBranch: e.data.shouldHaveBranch, path: e.data.path, eventTime: e.time })),
          ...this.on(v.organisationChanged, (e, em) =>
            this.repo.saveOrganisation(em, { organisationId: e.data.id, kind: e.data.kind, hostUnitId: e.data.hostUnitId, status: e.data.status, path: e.data.path, eventTime: e.time }),
          ),
          ...this.on(v.memberEnrolled, (e, em) => this.repo.saveMember(em, e.data.id, e.data.path)),
          ...this.on(v.hoursRecorded, (e, em) =>
            this.repo.saveHours(em, {
              activityId: e.data.activityId,
              memberId: e.data.memberId,
              day: e.data.date,
              hours: e.data.hours,
              targetKind: e.data.assignment?.targetKind ?? null,
              path: e.data.path,
              eventTime: e.time,
            }),
          ),
          ...this.on(v.sessionScheduled, (e, em) => this.repo.saveSession(em, e.data.id, e.data.date, e.data.path)),
          ...this.on(v.sessionAttended, (e, em) => this.repo.saveAttendance(em, e.data.sessionId, e.data.memberId, e.data.date, e.data.path)),
        },
      },
      {
        consumer: RELOCATION_CONSUMER,
        filterSubject: this.subjects.event('citygrid.relocation.>'),
        handlers: {
          ...this.on(r.projectCreated, (e, em) => this.repo.saveProjectCreated(em, e.data.projectId, e.data.nodeCode, e.data.startDate, e.data.path)),
          ...this.on(r.projectResolved, (e, em) => this.repo.saveProjectResolved(em, { ...e.data, eventTime: e.time })),
          ...this.on(r.householdChanged, async (e, em) => {
            await this.repo.saveStep(em, e.data.householdId, e.data.projectId, HOUSEHOLD_STATES.indexOf(e.data.state), e.data.at);
            if (e.data.holdout !== undefined) await this.repo.saveHoldout(em, e.data.householdId, e.data.projectId, e.data.holdout, e.time);
          }),
          ...this.on(r.householdHoldout, (e, em) => this.repo.saveHoldout(em, e.data.householdId, e.data.projectId, e.data.holdout, e.time)),
          ...this.on(r.helpRaised, (e, em) => this.repo.saveHelp(em, e.data.id, e.data.projectId, e.data.state, e.time)),
          ...this.on(r.helpChanged, (e, em) => this.repo.saveHelp(em, e.data.id, e.data.projectId, e.data.state, e.time)),
        },
      },
    ];
  }

  private on<T extends { path: string[] }>(def: EventDefinition<T>, apply: (event: CityGridCloudEvent<T>, em: EntityManager) => Promise<void>): EventHandlers {
    return factHandler(this.nodes, def, apply);
  }
}
