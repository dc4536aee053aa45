import { createHmac } from 'node:crypto';
import { DeliveryChannel, DeliveryDriver, OutboundMessage, PermanentDeliveryError } from './channel';

/** The channels served by a group robot webhook. */
export type RobotChannel = DeliveryChannel.WeCom | DeliveryChannel.DingTalk;

/** Settings of one {@link WebhookDriver}. */
export interface WebhookDriverOptions {
  /** How long one POST may take, answer included, before it counts as a retryable failure. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * DingTalk only: the robot's 加签 secret (`SEC…`). When set, every request carries `timestamp`
   * (ms) and `sign` (base64 HMAC-SHA256 of `${timestamp}\n${secret}` keyed by the secret, URL-encoded).
   */
  secret?: string;
  /**
   * Origins (`https://host[:port]`) a robot address may point at; any other address is refused with
   * a PermanentDeliveryError before anything is sent, so an address typed into a subscription cannot
   * make the service POST into the internal network. Default: the official endpoint of the channel,
   * `https://qyapi.weixin.qq.com` (WeCom) or `https://oapi.dingtalk.com` (DingTalk). A private
   * deployment (政务微信, 专属钉钉) or a test robot lists its own.
   */
  allowedOrigins?: readonly string[];
}

/** Default time allowed to one robot POST. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

/** WeCom: a markdown `content` longer than this many UTF-8 bytes is refused (errcode 40058), so longer ones are cut. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

const OFFICIAL_ORIGINS: Record<RobotChannel, string> = {
  [DeliveryChannel.WeCom]: 'https://qyapi.weixin.qq.com',
  [DeliveryChannel.DingTalk]: 'https://oapi.dingtalk.com',
};

const LABEL: Record<RobotChannel, string> = { [DeliveryChannel.WeCom]: 'WeCom robot', [DeliveryChannel.DingTalk]: 'DingTalk robot' };

/**
 * Answers worth another try: -1 is "system busy" on both; 45009 is WeCom's and 130101 DingTalk's
 * "sending too fast" (each robot takes at most 20 messages a minute).
 */
const RETRYABLE_ERRCODES: Record<RobotChannel, ReadonlySet<number>> = {
  [DeliveryChannel.WeCom]: new Set([-1, 45009]),
  [DeliveryChannel.DingTalk]: new Set([-1, 130101]),
};

/**
 * Posts a message into a group chat through its custom robot: WeCom 企业微信群机器人 or DingTalk 钉钉自定义机器人.
 * The address of the message is the robot's webhook URL (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`,
 * `https://oapi.dingtalk.com/robot/send?access_token=…`), which is the robot's credential: it is never put into
 * an error message.
 *
 * The message is sent as markdown with the title in bold first:
 * - WeCom: `{ msgtype: 'markdown', markdown: { content: '**title**\nbody' } }`, cut to 4096 UTF-8 bytes;
 * - DingTalk: `{ msgtype: 'markdown', markdown: { title, text: '#### title\nbody' } }`, signed when a `secret` is set.
 *
 * Both robots answer HTTP 200 `{ errcode: 0, errmsg: 'ok' }` on success. A non-zero errcode, an HTTP 3xx/4xx
 * or an address that is not an allowed robot URL throws PermanentDeliveryError; rate limits (errcode 45009,
 * 130101, HTTP 429), "system busy" (-1), HTTP 5xx, timeouts and network failures throw a plain (retryable) Error.
 *
 * Configure with `WEBHOOK_DRIVER=http`, `WEBHOOK_TIMEOUT_MS` (default 5000) and, for signed DingTalk robots,
 * `DINGTALK_SECRET` (see `deliveryDrivers`).
 */
export class WebhookDriver implements DeliveryDriver {
  /** `wecom-robot` or `dingtalk-robot`. */
  readonly name: string;
  private readonly timeoutMs: number;
  private readonly secret: string | undefined;
  private readonly allowedOrigins: ReadonlySet<string>;
  private readonly label: string;

  /**
   * @param channel `DeliveryChannel.WeCom` or `DeliveryChannel.DingTalk`.
   * @param options timeout, DingTalk signing secret, allowed origins.
   */
  constructor(
    readonly channel: RobotChannel,
    options: WebhookDriverOptions = {},
  ) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('webhook timeout must be a positive whole number of milliseconds');
    if (options.secret && channel !== DeliveryChannel.DingTalk) throw new Error('a robot signing secret applies to DingTalk robots only');
    this.name = channel === DeliveryChannel.WeCom ? 'wecom-robot' : 'dingtalk-robot';
    this.label = LABEL[channel];
    this.timeoutMs = timeoutMs;
    this.secret = options.secret || undefined;
    this.allowedOrigins = new Set((options.allowedOrigins ?? [OFFICIAL_ORIGINS[channel]]).map((o) => new URL(o).origin));
  }

  /** POSTs the message to the robot at `message.address`. */
  async send(message: OutboundMessage): Promise<void> {
    const target = this.target(message.address);
    let response: Response;
    let answer: string;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(this.payload(message)),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answer = await response.text();
    } catch (err) {
      throw new Error(`${this.label} ${describeFetchFailure(err, this.timeoutMs)}`);
    }
    this.check(response.status, answer, message.address);
  }

  private target(address: string): string {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new PermanentDeliveryError(`${this.label}: the address is not a URL`);
    }
    if (!this.allowedOrigins.has(url.origin)) throw new PermanentDeliveryError(`${this.label}: the address is not on an allowed robot host`);
    if (this.secret === undefined) return address;
    const timestamp = Date.now();
    const sign = createHmac('sha256', this.secret).update(`${timestamp}\n${this.secret}`, 'utf8').digest('base64');
    return `${address}${url.search ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
  }

  private payload(message: OutboundMessage): object {
    switch (this.channel) {
      case DeliveryChannel.WeCom:
        return { msgtype: 'markdown', markdown: { content: truncateUtf8(`**${message.title}**\n${message.body}`, WECOM_MARKDOWN_MAX_BYTES) } };
      case DeliveryChannel.DingTalk:
        return { msgtype: 'markdown', markdown: { title: message.title, text: `#### ${message.title}\n${message.body}` } };
    }
  }

  private check(status: number, answer: string, address: string): void {
    if (status === 429) throw new Error(`${this.label} is rate-limiting (HTTP 429)`);
    if (status >= 500) throw new Error(`${this.label} failed (HTTP ${status})`);
    if (status < 200 || status >= 300) throw new PermanentDeliveryError(`${this.label} refused the message (HTTP ${status})`);
    const { errcode, errmsg } = parseAnswer(answer);
    if (errcode === undefined) throw new Error(`${this.label} gave an answer that is not a robot's (HTTP ${status})`);
    if (errcode === 0) return;
    const detail = `errcode ${errcode}${errmsg ? `: ${scrub(errmsg, address)}` : ''}`;
    if (RETRYABLE_ERRCODES[this.channel].has(errcode)) throw new Error(`${this.label} is busy or rate-limiting (${detail})`);
    throw new PermanentDeliveryError(`${this.label} refused the message (${detail})`);
  }
}

function parseAnswer(answer: string): { errcode?: number; errmsg?: string } {
  try {
    const parsed: unknown = JSON.parse(answer);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { errcode, errmsg } = parsed as Record<string, unknown>;
    if (typeof errcode !== 'number') return {};
    return { errcode, errmsg: typeof errmsg === 'string' ? errmsg : undefined };
  } catch {
    return {};
  }
}

/**
 * An error message of a robot may quote the request: take out every query value of the address (the
 * robot's key or access token) and its path, and keep it short.
 */
function scrub(text: string, address: string): string {
  let out = text;
  try {
    const url = new URL(address);
    const secrets = [...url.searchParams.values(), url.pathname, url.href].filter((s) => s.length >= 4);
    for (const s of secrets.sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  } catch {
    // an address that does not parse never reaches here
  }
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

/** The text of a failed fetch, without the URL: a timeout, or the network error code (ECONNREFUSED…). */
export function describeFetchFailure(err: unknown, timeoutMs: number): string {
  const name = typeof err === 'object' && err !== null && 'name' in err ? err.name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return `did not answer within ${timeoutMs} ms`;
  const code = errorCode(err);
  return `could not be reached${code ? ` (${code})` : ''}`;
}

function errorCode(err: unknown): string | undefined {
  // duck-typed: undici's errors may come from another realm, where `instanceof Error` is false
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code)) return code;
  }
  return undefined;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes on a character boundary, ending in `…` when cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  let bytes = Buffer.byteLength(ellipsis, 'utf8');
  let out = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out + ellipsis;
}
