import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  CreateWebhookSubscriptionDto,
  ListWebhookDeliveriesRequest,
  ListWebhookSubscriptionsQuery,
  NotificationsRpc,
  UpdateWebhookSubscriptionRequest,
  WebhookDeliveryIdRequest,
  WebhookSubscriptionIdRequest,
  type WebhookDeliveryView,
  type WebhookSubscriptionView,
  type WebhookSubscriptionWithSecretView,
} from '@citygrid/contracts/notifications';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { WebhooksService } from './webhooks.service';

/** NATS handlers of the webhook subscriptions and their deliveries (system administrator). */
@RpcController()
export class WebhooksRpcController {
  constructor(private readonly webhooks: WebhooksService) {}

  @MessagePattern(NotificationsRpc.webhookCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretView> {
    return this.webhooks.create(caller, dto);
  }

  @MessagePattern(NotificationsRpc.webhookList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListWebhookSubscriptionsQuery): Promise<Page<WebhookSubscriptionView>> {
    return this.webhooks.list(caller, q);
  }

  @MessagePattern(NotificationsRpc.webhookGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: WebhookSubscriptionIdRequest): Promise<WebhookSubscriptionView> {
    return this.webhooks.get(caller, req.id);
  }

  @MessagePattern(NotificationsRpc.webhookUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateWebhookSubscriptionRequest): Promise<WebhookSubscriptionView> {
    return this.webhooks.update(caller, req);
  }

  @MessagePattern(NotificationsRpc.webhookDelete)
  remove(@CurrentCaller() caller: Caller, @Payload('payload') req: WebhookSubscriptionIdRequest): Promise<WebhookSubscriptionView> {
    return this.webhooks.remove(caller, req.id);
  }

  @MessagePattern(NotificationsRpc.webhookRotateSecret)
  rotate(@CurrentCaller() caller: Caller, @Payload('payload') req: WebhookSubscriptionIdRequest): Promise<WebhookSubscriptionWithSecretView> {
    return this.webhooks.rotateSecret(caller, req.id);
  }

  @MessagePattern(NotificationsRpc.webhookDeliveries)
  deliveries(@CurrentCaller() caller: Caller, @Payload('payload') q: ListWebhookDeliveriesRequest): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.deliveries(caller, q);
  }

  @MessagePattern(NotificationsRpc.webhookRedeliver)
  redeliver(@CurrentCaller() caller: Caller, @Payload('payload') req: WebhookDeliveryIdRequest): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(caller, req);
  }
}
