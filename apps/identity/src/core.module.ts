import { type JwksSource, TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { authProviders, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';

import { IDENTITY_ENV, type IdentityEnv } from './config';
import { KeysModule } from './keys/keys.module';
import { SigningKeysService } from './keys/signing-keys.service';
import { identityOrmOptions } from './orm';

/**
 * identity verifies the tokens it is called with against its own key table, not over NATS
 * (asking itself for its keys before it answers requests would deadlock at start).
 */
function ownKeysAuthProviders(env: IdentityEnv): Provider[] {
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

/**
 * What every feature module of identity works on, provided once for all of them: the validated
 * environment, the ORM, the service's NATS connection with its RPC client and subject naming, the
 * token verifier (on identity's own keys), the event recorder, the outbox relay, logging, health
 * and metrics.
 */
@Global()
@Module({})
export class IdentityCoreModule {
  static forRoot(env: IdentityEnv): DynamicModule {
    return {
      module: IdentityCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'identity', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(identityOrmOptions(env)), KeysModule],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: IDENTITY_ENV, useValue: env }, ...serviceMessagingProviders('identity', env), EventRecorder, ...ownKeysAuthProviders(env)],
      exports: [IDENTITY_ENV, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder],
    };
  }
}
