import { Module } from '@nestjs/common';

import { CampaignsRpcController } from './campaigns.rpc.controller';
import { CampaignsService } from './campaigns.service';

/** Campaigns (专项整治): a category and an area for a period, with their progress. */
@Module({ controllers: [CampaignsRpcController], providers: [CampaignsService] })
export class CampaignsModule {}
