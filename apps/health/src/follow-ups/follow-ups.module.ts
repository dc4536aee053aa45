import { Module } from '@nestjs/common';

import { FollowUpsRpcController } from './follow-ups.rpc.controller';
import { FollowUpsService } from './follow-ups.service';

/** The home-visit follow-up list and its visits. */
@Module({ providers: [FollowUpsService], controllers: [FollowUpsRpcController] })
export class FollowUpsModule {}
