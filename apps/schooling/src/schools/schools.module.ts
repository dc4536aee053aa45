import { Module } from '@nestjs/common';

import { RegistryClient } from '../shared/registry-client';
import { SchoolsRpcController } from './schools.rpc.controller';
import { SchoolsService } from './schools.service';

/** Schools and their catchments (学区). */
@Module({ controllers: [SchoolsRpcController], providers: [SchoolsService, RegistryClient], exports: [SchoolsService, RegistryClient] })
export class SchoolsModule {}
