import { CampaignsController } from './campaigns.controller';
import { PatrolsController, VisitsController } from './patrols.controller';
import { StandupsController } from './standups.controller';
import { SupervisionController } from './supervision.controller';

/** Field work endpoints: patrols and visits, stand-ups, supervision, campaigns. */
export const FIELD_WORK_CONTROLLERS = [PatrolsController, VisitsController, StandupsController, SupervisionController, CampaignsController];
