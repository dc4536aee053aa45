import { Module } from '@nestjs/common';

import { CentresRpcController } from './centres.rpc.controller';
import { CentresService } from './centres.service';

/** The centres (物业, 家政, 文化, 计生) of subdistricts and communities. */
@Module({ controllers: [CentresRpcController], providers: [CentresService], exports: [CentresService] })
export class CentresModule {}
