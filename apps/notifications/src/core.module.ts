import { TokenVerifier } from '@citygrid/auth';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { authProviders, createLogger, HealthController, MetricsController, RpcClient, SERVICE_NATS, ServiceKitModule, serviceMessagingProviders } from '@citygrid/service-kit';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { NOTIFICATIONS_ENV, piiEnvOf, type NotificationsEnv } from './config';
import { DELIVERY_DRIVERS } from './deliveries/delivery.worker';
import { deliveryDrivers } from './delivery/drivers';
import { notificationsOrmOptions } from './orm';

/**
 * What every feature module of notifications works on, provided once for all of them: the
 * validated environment, the ORM, the service's NATS connection with its RPC client and subject
 * naming, the token verifier, the event recorder (outbox and audit trail), the outbox relay, the
 * personal-data cipher (addresses), the delivery drivers, logging, health and metrics.
 */
@Global()
@Module({})
export class NotificationsCoreModule {
  static forRoot(env: NotificationsEnv): DynamicModule {
    return {
      module: NotificationsCoreModule,
      imports: [ServiceKitModule.forRoot({ name: 'notifications', logLevel: env.LOG_LEVEL }), MikroOrmModule.forRoot(notificationsOrmOptions(env))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: NOTIFICATIONS_ENV, useValue: env },
        { provide: FieldCipher, useFactory: () => FieldCipher.fromEnv(piiEnvOf(env)) },
        { provide: DELIVERY_DRIVERS, useFactory: () => deliveryDrivers(env, createLogger('notifications-delivery', env.LOG_LEVEL)) },
        ...authProviders({ accessTokenTtlS: env.ACCESS_TOKEN_TTL_S, pinnedJwks: env.AUTH_JWKS || undefined }),
        ...serviceMessagingProviders('notifications', env),
        EventRecorder,
      ],
      exports: [NOTIFICATIONS_ENV, FieldCipher, DELIVERY_DRIVERS, TokenVerifier, SERVICE_NATS, RpcClient, Subjects, EventRecorder],
    };
  }
}
