import { Module } from '@nestjs/common';

import { SeekersRpcController } from './seekers.rpc.controller';
import { SeekersService } from './seekers.service';

/** Job seekers. */
@Module({ providers: [SeekersService], controllers: [SeekersRpcController], exports: [SeekersService] })
export class SeekersModule {}
