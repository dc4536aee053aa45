import { NotificationChannel } from '@citygrid/contracts/notifications';

import type { AccountChannel } from './account-channel.entity';

/** Encryption contexts of the stored addresses: a ciphertext copied into another column does not decrypt. */
export const ADDRESS_CONTEXT = {
  email: 'account_channel.email',
  phone: 'account_channel.phone',
  wecom: 'account_channel.wecom',
  dingtalk: 'account_channel.dingtalk',
  delivery: 'delivery.address',
} as const;

/** The stored (encrypted) address of a channel, or null. */
export function addressOf(ch: AccountChannel, channel: NotificationChannel): string | null {
  switch (channel) {
    case NotificationChannel.Email:
      return ch.email;
    case NotificationChannel.Sms:
      return ch.phone;
    case NotificationChannel.WeCom:
      return ch.wecom;
    case NotificationChannel.DingTalk:
      return ch.dingtalk;
  }
}
