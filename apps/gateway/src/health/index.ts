import { HealthCoverageController, HealthRoadGraphController } from './coverage.controller';
import { HealthFollowUpsController } from './follow-ups.controller';
import { HealthLecturesController } from './lectures.controller';
import { HealthStationsController } from './stations.controller';

/** Controllers of the health service's public API: stations, coverage and the road graph, lectures, home visits. */
export const HEALTH_CONTROLLERS = [HealthStationsController, HealthCoverageController, HealthRoadGraphController, HealthLecturesController, HealthFollowUpsController];
