import { maskEmail, maskPhone } from '@citygrid/pii';
import { DeliveryChannel } from './channel';

const HIDDEN = '***';

/**
 * The address of a delivery as it may appear in a log line or an error message: enough to tell
 * two addresses apart when debugging, never enough to reach the person (or the robot).
 *
 * - e-mail: `zhang.san@example.org` → `z***@example.org` (the domain stays: it tells which relay refused)
 * - mobile: `13812345678` → `138****5678`, `+8613812345678` → `+86138****5678`, other E.164 numbers keep
 *   only `+` and their last four digits (`+447911123456` → `+********3456`)
 * - robot webhook URL: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` → `https://qyapi.weixin.qq.com/…`
 *   (the path and query carry the robot's key, a secret)
 *
 * Anything that does not parse as the channel's kind of address is hidden whole (`***`).
 */
export function maskAddress(channel: DeliveryChannel, address: string): string {
  switch (channel) {
    case DeliveryChannel.Email:
      return maskEmail(address);
    case DeliveryChannel.Sms:
      return maskMobile(address);
    case DeliveryChannel.WeCom:
    case DeliveryChannel.DingTalk:
      return maskUrl(address);
  }
}

function maskMobile(address: string): string {
  const v = address.replace(/[\s()-]+/g, '');
  if (!/^\+?\d+$/.test(v)) return HIDDEN;
  if (/^\+861\d{10}$/.test(v)) return `+86${maskPhone(v.slice(3))}`;
  if (v.startsWith('+')) return `+${maskPhone(v.slice(1))}`;
  return maskPhone(v);
}

function maskUrl(address: string): string {
  try {
    const url = new URL(address);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return HIDDEN;
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return HIDDEN;
  }
}
