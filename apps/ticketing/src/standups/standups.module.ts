import { Module } from '@nestjs/common';

import { StandupsRpcController } from './standups.rpc.controller';
import { StandupsService } from './standups.service';

/** The daily stand-up (碰头会): its agenda from the open work, and the decisions taken. */
@Module({ controllers: [StandupsRpcController], providers: [StandupsService] })
export class StandupsModule {}
