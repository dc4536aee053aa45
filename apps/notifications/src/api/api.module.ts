import { Module } from '@nestjs/common';

import { DeliveriesModule } from '../deliveries/deliveries.module';
import { InboxModule } from '../inbox/inbox.module';
import { SettingsModule } from '../settings/settings.module';
import { NotificationsRpcController } from './api.rpc.controller';

/** The service's RPC surface: the rule catalogue, the caller's inbox and settings, the deliveries. */
@Module({ imports: [InboxModule, SettingsModule, DeliveriesModule], controllers: [NotificationsRpcController] })
export class ApiModule {}
