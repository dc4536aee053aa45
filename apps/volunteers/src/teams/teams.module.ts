import { Module } from '@nestjs/common';

import { RegistryClient } from '../shared/registry-client';
import { TeamsRpcController } from './teams.rpc.controller';
import { TeamsService } from './teams.service';

/** Volunteer teams and their assignments. */
@Module({ controllers: [TeamsRpcController], providers: [TeamsService, RegistryClient] })
export class TeamsModule {}
