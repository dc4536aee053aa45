import { IdentityRpc } from '@citygrid/contracts/identity';
import { auditTrailController } from '@citygrid/persistence';
import { deadLettersController, serviceConsumerProviders } from '@citygrid/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';

import { AccountsModule } from './accounts/accounts.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { ApiClientsModule } from './clients/clients.module';
import { type IdentityEnv } from './config';
import { IdentityCoreModule } from './core.module';
import { KeysModule } from './keys/keys.module';
import { StaffLinksModule } from './staff-links/staff-links.module';
import { StaffLinksService } from './staff-links/staff-links.service';

/** identity: accounts, API clients, tokens, sessions, signing keys and staff links; one module each. */
@Module({})
export class IdentityModule {
  static forRoot(env: IdentityEnv): DynamicModule {
    return {
      module: IdentityModule,
      imports: [IdentityCoreModule.forRoot(env), KeysModule, AuthModule, AccountsModule, ApiClientsModule, ApiKeysModule, StaffLinksModule],
      // Service-wide, composed here: the audit trail every feature writes, the durable consumer
      // (its handlers are the features'), and the dead letters it leaves.
      controllers: [auditTrailController(IdentityRpc.auditList), deadLettersController({ list: IdentityRpc.deadLetterList, replay: IdentityRpc.deadLetterReplay })],
      providers: [...serviceConsumerProviders('identity', env, { inject: [StaffLinksService], useFactory: (links: StaffLinksService) => [links.consumer()] })],
    };
  }
}
