import { DeliveryChannel, DeliveryDriver, OutboundMessage, PermanentDeliveryError } from './channel';
import { describeFetchFailure } from './webhook.driver';

/** Settings of the {@link HttpSmsDriver}. */
export interface HttpSmsDriverOptions {
  /** The gateway's send endpoint (`SMS_GATEWAY_URL`), http or https. Never put into an error message. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set (`SMS_GATEWAY_TOKEN`). */
  token?: string;
  /** How long one POST may take, answer included, before it counts as a retryable failure. Default 5000 ms. */
  timeoutMs?: number;
}

/** Default time allowed to one gateway POST. */
export const DEFAULT_SMS_TIMEOUT_MS = 5000;

const E164 = /^\+[1-9]\d{6,14}$/;
const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Texts a mobile number through an HTTP SMS gateway. SMS vendors (Aliyun, Tencent Cloud, China
 * Mobile's 云MAS, …) each have an API and a template scheme of their own; this is the generic
 * adapter: it POSTs JSON `{ to, text, id }` to one configured URL, where a small relay (or a vendor
 * that takes this shape) turns it into the vendor's call. `to` is the number as given (E.164
 * `+8613812345678` or an 11-digit CN mobile `13812345678`, spaces and dashes removed), `text` is
 * `title` and `body` on two lines, and `id` is the delivery id, sent again as the `Idempotency-Key`
 * header so that the relay can drop a retried duplicate.
 *
 * Any 2xx answer is success. 4xx throws PermanentDeliveryError, except 408 and 429 which, like 5xx,
 * timeouts and network failures, throw a plain (retryable) Error. A number that is neither E.164
 * nor a CN mobile is refused as permanent before anything is sent. Neither the number nor the URL
 * nor the token appears in an error message.
 *
 * Configure with `SMS_DRIVER=http`, `SMS_GATEWAY_URL` and optionally `SMS_GATEWAY_TOKEN` (see `deliveryDrivers`).
 */
export class HttpSmsDriver implements DeliveryDriver {
  /** Always `DeliveryChannel.Sms`. */
  readonly channel = DeliveryChannel.Sms;
  /** Always `http-sms`. */
  readonly name = 'http-sms';
  private readonly url: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  /** @param options gateway URL, optional bearer token, timeout. */
  constructor(options: HttpSmsDriverOptions) {
    let protocol: string;
    try {
      protocol = new URL(options.url).protocol;
    } catch {
      throw new Error('SMS gateway URL is not a URL');
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error('SMS gateway URL must be http:// or https://');
    const timeoutMs = options.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('SMS gateway timeout must be a positive whole number of milliseconds');
    this.url = options.url;
    this.token = options.token || undefined;
    this.timeoutMs = timeoutMs;
  }

  /** POSTs `{ to, text, id }` to the gateway. */
  async send(message: OutboundMessage): Promise<void> {
    const to = message.address.replace(/[\s-]+/g, '');
    if (!E164.test(to) && !CN_MOBILE.test(to)) throw new PermanentDeliveryError('SMS: the address is not a mobile number (E.164 or 11-digit CN mobile)');
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': message.deliveryId };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    let status: number;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ to, text: `${message.title}\n${message.body}`, id: message.deliveryId }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      // read the answer so the connection goes back to the pool; its content is the gateway's own
      await response.arrayBuffer();
    } catch (err) {
      throw new Error(`SMS gateway ${describeFetchFailure(err, this.timeoutMs)}`);
    }
    if (status >= 200 && status < 300) return;
    if (status >= 500 || status === 408 || status === 429) throw new Error(`SMS gateway failed (HTTP ${status})`);
    throw new PermanentDeliveryError(`SMS gateway refused the message (HTTP ${status})`);
  }
}
