import { Module } from '@nestjs/common';

import { RegistryClient } from '../shared/registry-client';
import { OrganisationsRpcController } from './organisations.rpc.controller';
import { OrganisationsService } from './organisations.service';

/** Party organisations 党组织, the units of the formation rule, the formation rate. */
@Module({ controllers: [OrganisationsRpcController], providers: [OrganisationsService, RegistryClient], exports: [OrganisationsService, RegistryClient] })
export class OrganisationsModule {}
