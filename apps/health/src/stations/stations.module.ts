import { Module } from '@nestjs/common';

import { CoverageModule } from '../coverage/coverage.module';
import { StationsRpcController } from './stations.rpc.controller';
import { StationsService } from './stations.service';

/** Community health stations; their changes recompute the coverage around them. */
@Module({ imports: [CoverageModule], providers: [StationsService], controllers: [StationsRpcController] })
export class StationsModule {}
