import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { InboxModule } from '../inbox/inbox.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { NotificationConsumers } from './consumers.service';
import { Notifier } from './notifier.service';
import { UnpatrolledCheck } from './unpatrolled.service';

/** The rules: the consumers' handlers, the case events' rules and the daily unpatrolled check. */
@Module({
  imports: [DirectoryModule, InboxModule, WebhooksModule],
  providers: [Notifier, NotificationConsumers, UnpatrolledCheck],
  exports: [NotificationConsumers, UnpatrolledCheck],
})
export class RulesModule {}
