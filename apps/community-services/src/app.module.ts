import { type DynamicModule, Module } from '@nestjs/common';

import { CatalogueModule } from './catalogue/catalogue.module';
import { CentresModule } from './centres/centres.module';
import { type CommunityServicesEnv } from './config';
import { CommunityServicesCoreModule } from './core.module';
import { RequestsModule } from './requests/requests.module';

/** community-services: the centres, their catalogues of request types and the one service-request workflow; one module each. */
@Module({})
export class CommunityServicesModule {
  static forRoot(env: CommunityServicesEnv): DynamicModule {
    return {
      module: CommunityServicesModule,
      imports: [CommunityServicesCoreModule.forRoot(env), CentresModule, CatalogueModule, RequestsModule],
    };
  }
}
