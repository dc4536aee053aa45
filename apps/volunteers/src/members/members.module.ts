import { Module } from '@nestjs/common';

import { RegistryClient } from '../shared/registry-client';
import { MembersRpcController } from './members.rpc.controller';
import { MembersService } from './members.service';

/** Party members linked to residents and their grid. */
@Module({ controllers: [MembersRpcController], providers: [MembersService, RegistryClient] })
export class MembersModule {}
