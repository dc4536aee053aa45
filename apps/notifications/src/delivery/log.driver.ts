import { DeliveryChannel, DeliveryDriver, OutboundMessage } from './channel';
import { maskAddress } from './mask';

/** The one method of a pino-style logger that the log driver needs (`logger.info(obj, msg)`). */
export interface DeliveryLogger {
  info(obj: object, msg: string): void;
}

/**
 * Sends nothing: writes one `info` line per message instead, with the address masked
 * (`z***@example.org`, `138****5678`, `https://qyapi.weixin.qq.com/…`) and the length of the body
 * rather than the body. It is the default driver of every channel (`EMAIL_DRIVER`, `SMS_DRIVER`,
 * `WEBHOOK_DRIVER` left at `log`), so a development machine or a demo never mails, texts or pings
 * anyone. Nothing to configure beyond the channel and the logger.
 */
export class LogDriver implements DeliveryDriver {
  /** Always `log`. */
  readonly name = 'log';

  /**
   * @param channel the channel this instance stands in for.
   * @param logger where the line goes (the service's pino logger).
   */
  constructor(
    readonly channel: DeliveryChannel,
    private readonly logger: DeliveryLogger,
  ) {}

  /** Logs the message instead of sending it; never fails. */
  async send(message: OutboundMessage): Promise<void> {
    this.logger.info(
      {
        channel: this.channel,
        deliveryId: message.deliveryId,
        to: maskAddress(this.channel, message.address),
        title: message.title,
        bodyLength: message.body.length,
      },
      `delivery not sent (log driver): ${this.channel}`,
    );
  }
}
