import { Module } from '@nestjs/common';

import { WebhookWorker } from './webhook.worker';
import { WebhooksRpcController } from './webhooks.rpc.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions, the deliveries case events make for them, and the worker that sends them. */
@Module({ providers: [WebhooksService, WebhookWorker], controllers: [WebhooksRpcController], exports: [WebhooksService] })
export class WebhooksModule {}
