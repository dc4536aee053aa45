/**
 * Webhooks: city systems that cannot speak NATS subscribe an HTTP endpoint to case events and
 * receive each matching event once, as a CloudEvent, signed.
 *
 * ## Verifying a delivery (Standard Webhooks)
 *
 * Every request carries `webhook-id` (the delivery id, the same on every retry: deduplicate by
 * it), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature: v1,<base64>`.
 * The secret is shown once, at creation or rotation, as `whsec_<base64>`; the key is the base64
 * part, decoded. The signature is
 *
 * ```text
 * base64( HMAC-SHA256( key, `${webhook-id}.${webhook-timestamp}.${raw body}` ) )
 * ```
 *
 * over the raw body bytes as received (do not re-serialise the JSON). Compare it in constant time
 * with each space-separated `v1,` entry of the header, and refuse a timestamp more than five
 * minutes away from your clock. In Node:
 *
 * ```ts
 * const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
 * const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest('base64');
 * const ok = header.split(' ').some((s) => s.startsWith('v1,') && timingSafeEqual(Buffer.from(s.slice(3)), Buffer.from(expected)));
 * ```
 *
 * ## Modes
 *
 * `structured` (default): the body is the whole CloudEvent, `Content-Type:
 * application/cloudevents+json`. `binary`: the body is the event's `data` (`application/json`)
 * and the attributes travel as `ce-id`, `ce-source`, `ce-type`, `ce-specversion`, `ce-time`,
 * `ce-subject` (and `ce-correlationid` when the event has one).
 *
 * ## Answers
 *
 * A 2xx is delivered. A network error, a timeout, a 5xx, 408 or 429 is retried with exponential
 * backoff and jitter (a `Retry-After` is honoured); any other answer (other 4xx, a redirect) is
 * given up at once. A delivery out of attempts is `dead`, listed per subscription and redelivered
 * on request.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { TicketingEvents } from '../ticketing/events';

/** Event types a webhook can subscribe to: the case events (`citygrid.case.*`), which carry where the case is (`path`). */
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.freeze(Object.values(TicketingEvents).map((def) => def.type));

/** How a delivery puts the CloudEvent on the wire. */
export enum WebhookMode {
  /** The whole event as the body, `application/cloudevents+json`. */
  Structured = 'structured',
  /** `data` as the body, the attributes as `ce-*` headers. */
  Binary = 'binary',
}

/** Where a delivery stands. */
export enum WebhookDeliveryStatus {
  /** Waiting for its first attempt or its next retry (`nextAttemptAt`). */
  Pending = 'pending',
  /** The receiver answered 2xx. */
  Delivered = 'delivered',
  /** Given up: refused for good or out of attempts (`WEBHOOKS_MAX_ATTEMPTS`); redeliver it on request. */
  Dead = 'dead',
}

const URL_PATTERN = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;

/** `POST /api/v1/webhooks/subscriptions`: a receiver of case events (system administrator). */
export class CreateWebhookSubscriptionDto {
  /** Where deliveries are POSTed: `https://…` (`http://` only where the deployment allows it, `WEBHOOKS_ALLOW_HTTP`). */
  @ApiProperty({ maxLength: 2000, example: 'https://hotline.example.gov.cn/citygrid/events' })
  @IsString()
  @MaxLength(2000)
  @Matches(URL_PATTERN, { message: 'url must be an absolute http(s) URL' })
  url!: string;

  /** Event types delivered (`citygrid.case.filed.v1` …), at least one; each must be a case event of the catalogue. */
  @ApiProperty({ type: [String], minItems: 1, maxItems: 50, example: ['citygrid.case.filed.v1', 'citygrid.case.closed.v1'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes!: string[];

  /** Only cases under this node of the grid tree (its code is in the case's `path`); absent or null: the whole city. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '410102005' })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode?: string | null;

  /** `structured` (default) or `binary`. */
  @ApiPropertyOptional({ enum: WebhookMode, enumName: 'WebhookMode', default: WebhookMode.Structured })
  @Optional()
  @IsEnum(WebhookMode)
  mode?: WebhookMode;

  /** What the receiver is, for the administrators. */
  @ApiPropertyOptional({ maxLength: 200, example: '12345 hotline' })
  @Optional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

/** `PATCH /api/v1/webhooks/subscriptions/{id}`: only the fields given change. */
export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  @Matches(URL_PATTERN, { message: 'url must be an absolute http(s) URL' })
  url?: string;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 50 })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes?: string[];

  /** null: the whole city again. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code (6, 9, 12, 14 or 16 digits)' })
  nodeCode?: string | null;

  @ApiPropertyOptional({ enum: WebhookMode, enumName: 'WebhookMode' })
  @Optional()
  @IsEnum(WebhookMode)
  mode?: WebhookMode;

  /** true pauses (events while paused are not delivered, not even later), false resumes. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

/** RPC payload of an update: the subscription and the changes. */
export class UpdateWebhookSubscriptionRequest extends UpdateWebhookSubscriptionDto {
  @IsUUID()
  id!: string;
}

/** One subscription. The secret is never in it. */
export class WebhookSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ type: String, nullable: true }) nodeCode!: string | null;
  @ApiProperty({ enum: WebhookMode, enumName: 'WebhookMode' }) mode!: WebhookMode;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Answer of create and of rotate-secret: the subscription and its signing secret, shown this once. */
export class WebhookSubscriptionWithSecretView extends WebhookSubscriptionView {
  /** `whsec_<base64>`: the HMAC key is the base64 part, decoded (see the verification recipe). Store it; it is never shown again. */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) secret!: string;
}

/** `GET /api/v1/webhooks/subscriptions`: newest first. */
export class ListWebhookSubscriptionsQuery extends PagingQuery {}

/** One attempt of a delivery. */
export class WebhookAttemptView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** HTTP status answered, or null (network error, timeout). */
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty() durationMs!: number;
  /** Why it failed, or null. */
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  /** When the next attempt was planned, or null (delivered or given up). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
}

/** One event for one subscription, with its attempts, oldest first. */
export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', description: 'Also the `webhook-id` header.' }) id!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: WebhookDeliveryStatus, enumName: 'WebhookDeliveryStatus' }) status!: WebhookDeliveryStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: [WebhookAttemptView] }) attempts!: WebhookAttemptView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
}

/** `GET /api/v1/webhooks/subscriptions/{id}/deliveries`: newest first, by status. */
export class ListWebhookDeliveriesQuery extends PagingQuery {
  @ApiPropertyOptional({ enum: WebhookDeliveryStatus, enumName: 'WebhookDeliveryStatus' })
  @Optional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus;
}

/** RPC payload of the deliveries list. */
export class ListWebhookDeliveriesRequest extends ListWebhookDeliveriesQuery {
  @IsUUID()
  id!: string;
}

/** RPC payload naming one subscription. */
export class WebhookSubscriptionIdRequest {
  @IsUUID()
  id!: string;
}

/** RPC payload naming one delivery of a subscription. */
export class WebhookDeliveryIdRequest {
  @IsUUID()
  id!: string;

  @IsUUID()
  deliveryId!: string;
}
