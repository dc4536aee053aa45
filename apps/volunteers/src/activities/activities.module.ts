import { Module } from '@nestjs/common';

import { ActivitiesRpcController } from './activities.rpc.controller';
import { ActivitiesService } from './activities.service';

/** Activities of volunteer teams and their hours. */
@Module({ controllers: [ActivitiesRpcController], providers: [ActivitiesService] })
export class ActivitiesModule {}
