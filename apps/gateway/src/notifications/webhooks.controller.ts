import type { Page } from '@citygrid/contracts';
import {
  CreateWebhookSubscriptionDto,
  ListWebhookDeliveriesQuery,
  ListWebhookSubscriptionsQuery,
  NotificationsRpc,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryView,
  WebhookSubscriptionView,
  WebhookSubscriptionWithSecretView,
} from '@citygrid/contracts/notifications';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const parseDeliveryId = new ParseUUIDPipe({ exceptionFactory: () => ServiceError.validation([{ field: 'deliveryId', reason: 'must be a UUID' }]) });

const ADMIN = 'System administrator only: anyone else, and every API client, gets 403.';
const VERIFY =
  'Each delivery is a POST carrying `webhook-id` (the delivery id, the same on every retry: deduplicate by it), `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64>`, the Standard Webhooks signature: base64 HMAC-SHA256, keyed by the base64-decoded part of the `whsec_…` secret, of `${webhook-id}.${webhook-timestamp}.${raw body}`. `structured` mode posts the whole CloudEvent (`application/cloudevents+json`), `binary` mode its `data` with the attributes as `ce-*` headers.';

/**
 * Webhooks (事件推送) for city systems that cannot speak NATS: a subscription names a URL, the case
 * event types it wants and optionally a node of the grid tree; each matching event is POSTed to it
 * once as a signed CloudEvent, retried with backoff, dead-lettered after the deployment's attempts.
 */
@ApiTags('Webhooks')
@Controller('webhooks/subscriptions')
export class WebhooksController {
  constructor(private readonly notifications: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to case events; answers the signing secret, this once',
    description: `\`eventTypes\`: case event types of the catalogue (400 naming each unknown one). \`nodeCode\`: only cases under that node. The URL must be https unless the deployment allows http (\`WEBHOOKS_ALLOW_HTTP\`, for loopback receivers). The \`secret\` is in this answer only (stored encrypted; rotate it to get a new one). ${VERIFY} ${ADMIN} Bad input: 400 naming each field.`,
  })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretView })
  @ApiProblems(400, 401, 403)
  @Calls(NotificationsRpc.webhookCreate)
  create(@Body() dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretView> {
    return this.notifications.send(NotificationsRpc.webhookCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Webhook subscriptions, newest first (never their secrets)', description: `${ADMIN} Bad input: 400 naming each field.` })
  @ApiPage(WebhookSubscriptionView)
  @ApiProblems(400, 401, 403)
  @Calls(NotificationsRpc.webhookList)
  list(@Query() q: ListWebhookSubscriptionsQuery): Promise<Page<WebhookSubscriptionView>> {
    return this.notifications.send(NotificationsRpc.webhookList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription (never its secret)', description: ADMIN })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(NotificationsRpc.webhookGet)
  get(@Param('id', parseId) id: string): Promise<WebhookSubscriptionView> {
    return this.notifications.send(NotificationsRpc.webhookGet, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a subscription: URL, event types, node, mode; pause (`paused: true`) or resume',
    description: `Only the fields given change. Events that come while it is paused are not delivered, not even after. ${ADMIN} Bad input: 400 naming each field.`,
  })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(NotificationsRpc.webhookUpdate)
  update(@Param('id', parseId) id: string, @Body() dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionView> {
    return this.notifications.send(NotificationsRpc.webhookUpdate, { ...dto, id });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a subscription with its deliveries', description: `Answers the subscription as it was. ${ADMIN}` })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(NotificationsRpc.webhookDelete)
  remove(@Param('id', parseId) id: string): Promise<WebhookSubscriptionView> {
    return this.notifications.send(NotificationsRpc.webhookDelete, { id });
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret, answered this once; the old one stops signing at once', description: ADMIN })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecretView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(NotificationsRpc.webhookRotateSecret)
  rotate(@Param('id', parseId) id: string): Promise<WebhookSubscriptionWithSecretView> {
    return this.notifications.send(NotificationsRpc.webhookRotateSecret, { id });
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "A subscription's deliveries, newest first, each with its attempts",
    description: `By \`status\`: \`pending\` (next attempt at \`nextAttemptAt\`), \`delivered\`, \`dead\` (refused for good — a 4xx other than 408/429, a redirect — or out of attempts). Each attempt: status code (null on a network error or timeout), duration, error, the next attempt planned. ${ADMIN} Bad input: 400 naming each field.`,
  })
  @ApiPage(WebhookDeliveryView)
  @ApiProblems(400, 401, 403, 404)
  @Calls(NotificationsRpc.webhookDeliveries)
  deliveries(@Param('id', parseId) id: string, @Query() q: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
    return this.notifications.send(NotificationsRpc.webhookDeliveries, { ...q, id });
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a dead delivery again',
    description: `It goes back to \`pending\`, due now, with a fresh count of attempts; its earlier attempts stay listed. 409 unless it is dead. ${ADMIN}`,
  })
  @ApiOkResponse({ type: WebhookDeliveryView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(NotificationsRpc.webhookRedeliver)
  redeliver(@Param('id', parseId) id: string, @Param('deliveryId', parseDeliveryId) deliveryId: string): Promise<WebhookDeliveryView> {
    return this.notifications.send(NotificationsRpc.webhookRedeliver, { id, deliveryId });
  }
}
