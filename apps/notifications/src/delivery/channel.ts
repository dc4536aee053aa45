import { NotificationChannel as DeliveryChannel } from '@citygrid/contracts/notifications';

/** Where a notification can be delivered besides the in-app inbox: the contract's channels, under the drivers' name. */
export { DeliveryChannel };

/** One message to one address on one channel. Addresses are personal data: never log them in clear (mask them, e.g. `z***@example.org`, `138****5678`). */
export interface OutboundMessage {
  channel: DeliveryChannel;
  /** e-mail address, mobile number (E.164 or 11-digit CN mobile), or the robot webhook URL for WeCom/DingTalk (a secret: never log it, never put it in an error message). */
  address: string;
  /** Short title (e-mail subject, the bold first line of a robot message). */
  title: string;
  /** Plain-text body (Chinese first; may contain a link to the console). */
  body: string;
  /** Stable id of the delivery, used as Message-ID / idempotency hint. */
  deliveryId: string;
}

/** Thrown by a driver when the channel answered but refused for good (bad address, 4xx): retrying will not help. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** A driver sends on one channel; it throws PermanentDeliveryError for refusals and any other error for failures worth retrying (timeouts, 5xx, connection refused). */
export interface DeliveryDriver {
  readonly channel: DeliveryChannel;
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
  close?(): Promise<void>;
}
