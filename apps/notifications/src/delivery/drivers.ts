import { DeliveryChannel, DeliveryDriver } from './channel';
import { DeliveryLogger, LogDriver } from './log.driver';
import { SmtpDriver } from './smtp.driver';
import { HttpSmsDriver } from './sms.driver';
import { WebhookDriver } from './webhook.driver';

/** The settings that choose and configure the delivery drivers (read from the environment by the service's config). */
export interface DeliveryConfig {
  /** `log` (default) or `smtp`. */
  EMAIL_DRIVER: 'log' | 'smtp';
  /** `smtp://user:pass@host:port` or `smtps://…`; required when `EMAIL_DRIVER=smtp`. A secret: never echoed. */
  SMTP_URL: string;
  /** From address of every mail; required when `EMAIL_DRIVER=smtp`. */
  MAIL_FROM: string;
  /** `log` (default) or `http`. */
  SMS_DRIVER: 'log' | 'http';
  /** The HTTP SMS gateway's send URL; required when `SMS_DRIVER=http`. Never echoed. */
  SMS_GATEWAY_URL: string;
  /** Bearer token for the SMS gateway; optional (empty: none). A secret: never echoed. */
  SMS_GATEWAY_TOKEN: string;
  /** `log` (default) or `http`: WeCom and DingTalk robots. */
  WEBHOOK_DRIVER: 'log' | 'http';
  /** Time allowed to one robot POST (ms, positive whole number); also used for the SMS gateway. */
  WEBHOOK_TIMEOUT_MS: number;
  /** DingTalk robots' 加签 secret (`SEC…`); optional (empty: requests are not signed). A secret: never echoed. */
  DINGTALK_SECRET: string;
}

/**
 * One driver per channel, as the config chooses: the {@link LogDriver} for every channel left at
 * `log` (the default, for development), {@link SmtpDriver} for `EMAIL_DRIVER=smtp`,
 * {@link HttpSmsDriver} for `SMS_DRIVER=http`, {@link WebhookDriver}s for `WEBHOOK_DRIVER=http`.
 *
 * Throws at start-up, with a message naming the setting and never its value, when a real driver is
 * chosen without its settings or with settings that cannot work (smtp without `SMTP_URL`, an SMTP URL
 * that is not smtp:// or smtps://, …). Close the drivers that have `close()` on shutdown.
 */
export function deliveryDrivers(config: DeliveryConfig, logger: DeliveryLogger): Map<DeliveryChannel, DeliveryDriver> {
  const drivers = new Map<DeliveryChannel, DeliveryDriver>();
  drivers.set(DeliveryChannel.Email, emailDriver(config, logger));
  drivers.set(DeliveryChannel.Sms, smsDriver(config, logger));
  for (const channel of [DeliveryChannel.WeCom, DeliveryChannel.DingTalk] as const) drivers.set(channel, robotDriver(channel, config, logger));
  return drivers;
}

function emailDriver(config: DeliveryConfig, logger: DeliveryLogger): DeliveryDriver {
  const driver: string = config.EMAIL_DRIVER ?? 'log';
  if (driver === 'log') return new LogDriver(DeliveryChannel.Email, logger);
  if (driver !== 'smtp') throw new Error('EMAIL_DRIVER must be log or smtp');
  if (!config.SMTP_URL?.trim()) throw new Error('EMAIL_DRIVER=smtp needs SMTP_URL (smtp://user:pass@host:port or smtps://…)');
  if (!config.MAIL_FROM?.trim()) throw new Error('EMAIL_DRIVER=smtp needs MAIL_FROM (the sender address)');
  return wrapped('SMTP_URL', () => new SmtpDriver({ url: config.SMTP_URL.trim(), from: config.MAIL_FROM.trim() }));
}

function smsDriver(config: DeliveryConfig, logger: DeliveryLogger): DeliveryDriver {
  const driver: string = config.SMS_DRIVER ?? 'log';
  if (driver === 'log') return new LogDriver(DeliveryChannel.Sms, logger);
  if (driver !== 'http') throw new Error('SMS_DRIVER must be log or http');
  if (!config.SMS_GATEWAY_URL?.trim()) throw new Error('SMS_DRIVER=http needs SMS_GATEWAY_URL (the gateway send URL)');
  const timeoutMs = timeoutOf(config);
  return wrapped('SMS_GATEWAY_URL', () => new HttpSmsDriver({ url: config.SMS_GATEWAY_URL.trim(), token: config.SMS_GATEWAY_TOKEN?.trim() || undefined, timeoutMs }));
}

function robotDriver(channel: DeliveryChannel.WeCom | DeliveryChannel.DingTalk, config: DeliveryConfig, logger: DeliveryLogger): DeliveryDriver {
  const driver: string = config.WEBHOOK_DRIVER ?? 'log';
  if (driver === 'log') return new LogDriver(channel, logger);
  if (driver !== 'http') throw new Error('WEBHOOK_DRIVER must be log or http');
  const timeoutMs = timeoutOf(config);
  const secret = channel === DeliveryChannel.DingTalk ? config.DINGTALK_SECRET?.trim() || undefined : undefined;
  return new WebhookDriver(channel, { timeoutMs, secret });
}

function timeoutOf(config: DeliveryConfig): number {
  const timeoutMs = config.WEBHOOK_TIMEOUT_MS ?? 5000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('WEBHOOK_TIMEOUT_MS must be a positive whole number of milliseconds');
  return timeoutMs;
}

/** Builds a driver, prefixing its start-up error with the setting at fault (the drivers' own messages never echo values). */
function wrapped(setting: string, build: () => DeliveryDriver): DeliveryDriver {
  try {
    return build();
  } catch (err) {
    throw new Error(`${setting}: ${err instanceof Error ? err.message : 'invalid'}`);
  }
}
