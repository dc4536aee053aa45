import { Module } from '@nestjs/common';

import { CoverageRpcController } from './coverage.rpc.controller';
import { CoverageService } from './coverage.service';

/** The 15-minute coverage of households by stations, and the road graph it walks over. */
@Module({ providers: [CoverageService], controllers: [CoverageRpcController], exports: [CoverageService] })
export class CoverageModule {}
