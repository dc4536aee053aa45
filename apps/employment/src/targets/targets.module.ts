import { Module } from '@nestjs/common';

import { TargetsRpcController } from './targets.rpc.controller';
import { TargetsService } from './targets.service';

/** Yearly targets per node, their split down the tree, and actual against target. */
@Module({ providers: [TargetsService], controllers: [TargetsRpcController] })
export class TargetsModule {}
