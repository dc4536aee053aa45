import { Module } from '@nestjs/common';

import { CatalogueRpcController } from './catalogue.rpc.controller';
import { CatalogueService } from './catalogue.service';

/** The catalogue of request types of each centre. */
@Module({ controllers: [CatalogueRpcController], providers: [CatalogueService], exports: [CatalogueService] })
export class CatalogueModule {}
