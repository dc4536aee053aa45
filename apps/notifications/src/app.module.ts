import { NotificationsRpc } from '@citygrid/contracts/notifications';
import { deadLettersController, serviceConsumerProviders } from '@citygrid/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';

import { type NotificationsEnv } from './config';
import { NotificationsCoreModule } from './core.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DirectoryModule } from './directory/directory.module';
import { ApiModule } from './api/api.module';
import { InboxModule } from './inbox/inbox.module';
import { NotificationConsumers } from './rules/consumers.service';
import { RulesModule } from './rules/rules.module';
import { SettingsModule } from './settings/settings.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** notifications: who is told what, as rules over the event stream; the inbox, delivery settings and deliveries; one module each. */
@Module({})
export class NotificationsModule {
  static forRoot(env: NotificationsEnv): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [NotificationsCoreModule.forRoot(env), DirectoryModule, SettingsModule, DeliveriesModule, InboxModule, WebhooksModule, RulesModule, ApiModule],
      // Service-wide, composed here: the durable consumers (their handlers are the rules') and the dead letters they leave.
      controllers: [deadLettersController({ list: NotificationsRpc.deadLetterList, replay: NotificationsRpc.deadLetterReplay })],
      providers: [
        ...serviceConsumerProviders('notifications', env, {
          inject: [NotificationConsumers],
          useFactory: (consumers: NotificationConsumers) => consumers.consumers(),
        }),
      ],
    };
  }
}
