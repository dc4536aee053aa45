import type { JwksSource } from '@citygrid/auth';
import { IdentityRpc } from '@citygrid/contracts/identity';
import { auditTrailController, EventRecorder } from '@citygrid/persistence';
import { authProviders, deadLettersController, HealthController, MetricsController, serviceConsumerProviders, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import { AccountsRpcController } from './accounts/accounts.rpc.controller';
import { AccountsService } from './accounts/accounts.service';
import { AccessTokensService } from './auth/access-tokens.service';
import { AuthRpcController } from './auth/auth.rpc.controller';
import { AuthService } from './auth/auth.service';
import { LoginThrottleService } from './auth/login-throttle.service';
import { SessionsService } from './auth/sessions.service';
import { ClientsRpcController } from './clients/clients.rpc.controller';
import { ClientsService } from './clients/clients.service';
import { IDENTITY_ENV, type IdentityEnv } from './config';
import { KeysRpcController } from './keys/keys.rpc.controller';
import { SigningKeysService } from './keys/signing-keys.service';
import { identityOrmOptions } from './orm';
import { StaffLinksService } from './staff-links/staff-links.service';

/**
 * identity verifies the tokens it is called with against its own key table, not over NATS
 * (asking itself for its keys before it answers requests would deadlock at start).
 */
function ownKeysAuthProviders(env: IdentityEnv): Provider[] {
  // Identity verifies tokens against its own key table rather than asking itself over NATS.
  return authProviders({
    accessTokenTtlS: env.ACCESS_TOKEN_TTL_S,
    pinnedJwks: env.AUTH_JWKS || undefined,
    ownKeys: {
      inject: [SigningKeysService],
      useFactory:
        (keys: SigningKeysService): JwksSource =>
        () =>
          keys.jwks(),
    },
  });
}

/** identity: accounts, API clients, tokens, sessions and signing keys. */
@Module({})
export class IdentityModule {
  static forRoot(env: IdentityEnv): DynamicModule {
    return {
      module: IdentityModule,
      imports: [ServiceKitModule.forRoot({ name: 'identity', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(identityOrmOptions(env))],
      controllers: [
        HealthController,
        MetricsController,
        AuthRpcController,
        KeysRpcController,
        AccountsRpcController,
        ClientsRpcController,
        auditTrailController(IdentityRpc.auditList),
        deadLettersController({ list: IdentityRpc.deadLetterList, replay: IdentityRpc.deadLetterReplay }),
      ],
      providers: [
        { provide: IDENTITY_ENV, useValue: env },
        ...serviceMessagingProviders('identity', env),
        StaffLinksService,
        ...serviceConsumerProviders('identity', env, { inject: [StaffLinksService], useFactory: (links: StaffLinksService) => [links.consumer()] }),
        EventRecorder,
        SigningKeysService,
        AccessTokensService,
        SessionsService,
        LoginThrottleService,
        AuthService,
        AccountsService,
        ClientsService,
        ...ownKeysAuthProviders(env),
      ],
    };
  }
}
