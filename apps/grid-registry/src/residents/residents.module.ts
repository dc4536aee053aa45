import { Module } from '@nestjs/common';

import { piiProviders } from './pii.providers';
import { ResidentsRpcController } from './residents.rpc.controller';
import { ResidentsService } from './residents.service';

/** Residents of households, their ID numbers and phones encrypted (keys only this module holds). */
@Module({
  controllers: [ResidentsRpcController],
  providers: [...piiProviders, ResidentsService],
})
export class ResidentsModule {}
