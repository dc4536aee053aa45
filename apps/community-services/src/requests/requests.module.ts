import { Module } from '@nestjs/common';

import { CatalogueModule } from '../catalogue/catalogue.module';
import { RequestsRpcController } from './requests.rpc.controller';
import { RequestsService } from './requests.service';

/** Service requests through the one workflow, with their lists and figures. */
@Module({ imports: [CatalogueModule], controllers: [RequestsRpcController], providers: [RequestsService] })
export class RequestsModule {}
