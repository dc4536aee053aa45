import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DeliveryChannel, DeliveryDriver, OutboundMessage, PermanentDeliveryError } from './channel';

/** Settings of the {@link SmtpDriver}. */
export interface SmtpDriverOptions {
  /**
   * `smtp://user:pass@host:port` (plain, upgraded with STARTTLS when the server offers it) or
   * `smtps://user:pass@host:port` (TLS from the start). User and password are URL-encoded
   * (`p%40ss` for `p@ss`); without them no login is tried. Port defaults to 587 (smtp) or 465 (smtps).
   * Query parameters are not read.
   */
  url: string;
  /** The From of every mail (`MAIL_FROM`): `noreply@example.org` or `网格通知 <noreply@example.org>`. */
  from: string;
  /** Time to open the connection, and to get the server's greeting. Default 10 000 ms. */
  connectionTimeoutMs?: number;
  /** Time a connection may sit idle waiting for the server mid-dialogue. Default 30 000 ms. */
  socketTimeoutMs?: number;
}

const MAILBOX = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

/**
 * Sends e-mail over SMTP with nodemailer: a plain-text mail, subject and body in UTF-8 (so Chinese
 * subjects show as written), From the configured sender, To the message's address, with
 * `Message-ID: <deliveryId@citygrid>` so that a mail sent twice after a retry can be recognised.
 *
 * An SMTP 5xx answer (bad mailbox, relay denied, login refused, message refused) throws
 * PermanentDeliveryError; a 4xx answer (greylisting, mailbox busy), a timeout or a connection
 * failure throws a plain (retryable) Error. An address that is not one mailbox is refused as
 * permanent before connecting. Error messages carry the SMTP codes (`550 5.1.1 at RCPT TO`), never
 * the server's free text (which quotes the recipient), the URL or its password.
 *
 * Configure with `EMAIL_DRIVER=smtp`, `SMTP_URL` and `MAIL_FROM` (see `deliveryDrivers`).
 * `close()` closes the transport.
 */
export class SmtpDriver implements DeliveryDriver {
  /** Always `DeliveryChannel.Email`. */
  readonly channel = DeliveryChannel.Email;
  /** Always `smtp`. */
  readonly name = 'smtp';
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly from: string;

  /** @param options SMTP URL, sender, timeouts. Throws (without echoing the URL) when the URL is not smtp:// or smtps://. */
  constructor(options: SmtpDriverOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error('SMTP URL is not a URL');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP URL must be smtp:// or smtps://');
    if (!url.hostname) throw new Error('SMTP URL has no host');
    if (!options.from.trim()) throw new Error('SMTP driver needs a From address');
    const secure = url.protocol === 'smtps:';
    const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
    const transportOptions: SMTPTransport.Options = {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      connectionTimeout,
      greetingTimeout: connectionTimeout,
      socketTimeout: options.socketTimeoutMs ?? 30_000,
    };
    if (url.username) transportOptions.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
    this.transport = createTransport(transportOptions);
    this.from = options.from;
  }

  /** Sends the message as one plain-text mail. */
  async send(message: OutboundMessage): Promise<void> {
    const to = message.address.trim();
    if (!MAILBOX.test(to)) throw new PermanentDeliveryError('SMTP: the address is not an e-mail address');
    try {
      await this.transport.sendMail({
        from: this.from,
        to,
        subject: message.title,
        text: message.body,
        messageId: messageIdOf(message.deliveryId),
      });
    } catch (err) {
      throw smtpError(err);
    }
  }

  /** Closes the transport (and any connection it holds). */
  async close(): Promise<void> {
    this.transport.close();
  }
}

/** `<deliveryId@citygrid>`, with anything that may not stand in a Message-ID replaced by `_`. */
export function messageIdOf(deliveryId: string): string {
  return `<${deliveryId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '_')}@citygrid>`;
}

/** The error to throw for a nodemailer failure, built from its codes only. */
function smtpError(err: unknown): Error {
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const responseCode = typeof e['responseCode'] === 'number' && e['responseCode'] > 0 ? e['responseCode'] : undefined;
  const response = typeof e['response'] === 'string' ? e['response'] : '';
  const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1];
  const command = typeof e['command'] === 'string' && /^[A-Z][A-Z ]{1,15}$/.test(e['command']) ? e['command'] : undefined;
  const at = command && command !== 'API' && command !== 'CONN' ? ` at ${command}` : '';
  if (responseCode !== undefined) {
    const reply = `${responseCode}${enhanced ? ` ${enhanced}` : ''}${at}`;
    if (responseCode >= 500 && responseCode < 600) return new PermanentDeliveryError(`SMTP server refused the message: ${reply}`);
    return new Error(`SMTP server did not take the message: ${reply}`);
  }
  const codes = [typeof e['code'] === 'string' && /^E[A-Z]{2,20}$/.test(e['code']) ? e['code'] : undefined, networkCode(e['message'])].filter(
    (c, i, all): c is string => c !== undefined && all.indexOf(c) === i,
  );
  return new Error(`SMTP delivery failed${codes.length ? ` (${codes.join(', ')})` : ''}`);
}

/** `ECONNREFUSED` out of `connect ECONNREFUSED 127.0.0.1:25`. */
function networkCode(message: unknown): string | undefined {
  return typeof message === 'string' ? /\b(E(?:CONN[A-Z]+|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN|TIMEDOUT|PIPE))\b/.exec(message)?.[1] : undefined;
}
