import { CampaignsRpcController } from './campaigns/campaigns.rpc.controller';
import { CampaignsService } from './campaigns/campaigns.service';
import { Campaign } from './campaigns/campaign.entity';
import { Standup } from './standups/standup.entity';
import { StandupsRpcController } from './standups/standups.rpc.controller';
import { StandupsService } from './standups/standups.service';
import { SupervisionFlag } from './shared/supervision-flag.entity';
import { Inspection } from './supervision/supervision.entities';
import { SupervisionRpcController } from './supervision/supervision.rpc.controller';
import { SupervisionService } from './supervision/supervision.service';
import { Patrol, Visit } from './patrols/field-log.entities';
import { PatrolsRpcController } from './patrols/patrols.rpc.controller';
import { PatrolsService } from './patrols/patrols.service';
import { RegistryQueries } from './shared/registry-queries';

/**
 * Field work (patrols and visits, stand-ups, supervision, campaigns) as the app module and the
 * ORM take it: one spread each, so the lists in `app.module.ts` and `orm.ts` stay short.
 */
export const fieldWorkEntities = [Patrol, Visit, Standup, SupervisionFlag, Inspection, Campaign];
export const fieldWorkControllers = [PatrolsRpcController, StandupsRpcController, SupervisionRpcController, CampaignsRpcController];
export const fieldWorkProviders = [RegistryQueries, PatrolsService, StandupsService, SupervisionService, CampaignsService];
