import type { EventDefinition } from './common/cloudevent';
import { GridRegistryEvents } from './grid-registry/events';
import { CommunityServicesEvents } from './community-services/events';
import { EmploymentEvents } from './employment/events';
import { HealthEvents } from './health/events';
import { IdentityEvents } from './identity/events';
import { NotificationEvents } from './notifications/events';
import { AssessmentEvents } from './reporting/assessment';
import { ReportingEvents } from './reporting/events';
import { RelocationEvents } from './relocation/events';
import { SchoolingEvents } from './schooling/events';
import { VolunteersEvents } from './volunteers/events';
import { CalendarEvents, CategoryEvents, TicketingEvents } from './ticketing/events';
import { CampaignEvents, PatrolEvents, StandupEvents, SupervisionEvents } from './ticketing';

/**
 * Every domain event CityGrid publishes, across all services: the source of the AsyncAPI
 * document (`docs/asyncapi.yaml`) and of the contract checks in `asyncapi.spec.ts`.
 *
 * A service adding events appends `...Object.values(<Service>Events)` here. A breaking change to
 * an event adds a new definition with `version + 1` (same subject, new `type`) next to the old
 * one; the old definition stays until its deprecation period is over.
 */
export const EVENT_CATALOGUE: readonly EventDefinition[] = Object.freeze([
  ...Object.values(GridRegistryEvents),
  ...Object.values(IdentityEvents),
  ...Object.values(TicketingEvents),
  ...Object.values(CategoryEvents),
  ...Object.values(CalendarEvents),
  ...[PatrolEvents, StandupEvents, SupervisionEvents, CampaignEvents].flatMap((events) => Object.values(events)),
  ...Object.values(ReportingEvents),
  ...Object.values(AssessmentEvents),
  ...Object.values(NotificationEvents),
  ...Object.values(EmploymentEvents),
  ...Object.values(HealthEvents),
  ...Object.values(SchoolingEvents),
  ...Object.values(RelocationEvents),
  ...Object.values(VolunteersEvents),
  ...Object.values(CommunityServicesEvents),
]);

let byType: ReadonlyMap<string, EventDefinition> | undefined;

/** The catalogue definition of a CloudEvents `type`, e.g. `citygrid.grid.created.v1`, or `undefined`. */
export function findEventByType(type: string): EventDefinition | undefined {
  byType ??= new Map(EVENT_CATALOGUE.map((def) => [def.type, def]));
  return byType.get(type);
}

/** A lower-case name segment: service, aggregate or event (`grid-registry`, `grid`, `created`). */
const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
/** `citygrid.<aggregate>.<event>.v<N>` */
export const EVENT_TYPE_PATTERN = new RegExp(`^citygrid\\.(${SEGMENT})\\.(${SEGMENT})\\.v([1-9][0-9]*)$`);
/** `citygrid.<service>.<aggregate>.<event>` */
export const EVENT_SUBJECT_PATTERN = new RegExp(`^citygrid\\.(${SEGMENT})\\.(${SEGMENT})\\.(${SEGMENT})$`);

/**
 * Check a catalogue against the naming and uniqueness rules of the event contract.
 *
 * - `type` is `citygrid.<aggregate>.<event>.v<version>` and unique;
 * - `subject` is `citygrid.<service>.<aggregate>.<event>`, agreeing with the type; versions of one
 *   event share their subject (that is how v1 and v2 are published side by side), so a subject
 *   is unique per `version` rather than overall;
 * - the data schema is an object schema whose `required` names are declared in `properties`.
 *
 * (That the event name is in the past tense is a review rule; it cannot be checked here.)
 *
 * @returns one message per problem; empty when the catalogue is valid
 */
export function validateCatalogue(catalogue: readonly EventDefinition[]): string[] {
  const problems: string[] = [];
  const types = new Set<string>();
  const subjectVersions = new Set<string>();
  for (const def of catalogue) {
    const t = EVENT_TYPE_PATTERN.exec(def.type);
    const s = EVENT_SUBJECT_PATTERN.exec(def.subject);
    if (!t) problems.push(`${def.type}: type does not match citygrid.<aggregate>.<event>.v<N>`);
    if (!s) problems.push(`${def.type}: subject ${def.subject} does not match citygrid.<service>.<aggregate>.<event>`);
    if (t && s) {
      const [, tAggregate, tEvent, tVersion] = t;
      const [, sService, sAggregate, sEvent] = s;
      if (sService !== def.service) problems.push(`${def.type}: subject service ${sService} is not ${def.service}`);
      if (tAggregate !== def.aggregate || sAggregate !== def.aggregate) {
        problems.push(`${def.type}: aggregate ${def.aggregate} does not match type and subject`);
      }
      if (tEvent !== sEvent) problems.push(`${def.type}: event name differs between type and subject ${def.subject}`);
      if (Number(tVersion) !== def.version) problems.push(`${def.type}: version ${def.version} does not match the type suffix`);
    }
    if (types.has(def.type)) problems.push(`${def.type}: duplicate type`);
    types.add(def.type);
    const subjectVersion = `${def.subject}@${def.version}`;
    if (subjectVersions.has(subjectVersion)) problems.push(`${def.type}: subject ${def.subject} already has a version ${def.version}`);
    subjectVersions.add(subjectVersion);
    if (!def.summary.trim()) problems.push(`${def.type}: empty summary`);
    if (def.schema.type !== 'object') problems.push(`${def.type}: data schema is not an object schema`);
    for (const name of def.schema.required ?? []) {
      if (!def.schema.properties?.[name]) problems.push(`${def.type}: required field ${name} is not in properties`);
    }
  }
  return problems;
}
