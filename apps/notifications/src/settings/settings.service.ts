import { ErrorCode } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { NotificationChannel, type NotificationSettingsView, type UpdateNotificationSettingsDto } from '@citygrid/contracts/notifications';
import { FieldCipher } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { maskAddress } from '../delivery/mask';
import { ADDRESS_CONTEXT, addressOf } from './addresses';
import { assertStaff } from '../shared/callers';
import { AccountChannel } from './account-channel.entity';

/**
 * An account's own delivery settings: its e-mail address, mobile number and group robots (stored
 * encrypted, answered masked, never in an event or a log) and the channels it wants besides the
 * inbox. Each account sets its own; nobody else reads or changes them.
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly cipher: FieldCipher,
  ) {}

  async get(caller: Caller): Promise<NotificationSettingsView> {
    assertStaff(caller);
    const ch = await this.orm.em.fork().findOne(AccountChannel, { accountId: caller.id });
    return this.view(ch);
  }

  /** Change what is given (a null removes an address); each chosen channel needs its address (422 naming the channel). */
  async update(caller: Caller, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsView> {
    assertStaff(caller);
    return this.orm.em.fork().transactional(async (tx) => {
      const ch =
        (await tx.findOne(AccountChannel, { accountId: caller.id })) ??
        Object.assign(new AccountChannel(), { accountId: caller.id, email: null, phone: null, wecom: null, dingtalk: null, channels: [], updatedAt: new Date() });
      const seal = (value: string | null | undefined, context: string, current: string | null): string | null =>
        value === undefined ? current : value === null ? null : this.cipher.encrypt(value.trim(), context);
      ch.email = seal(dto.email, ADDRESS_CONTEXT.email, ch.email);
      ch.phone = seal(dto.phone, ADDRESS_CONTEXT.phone, ch.phone);
      ch.wecom = seal(dto.wecomWebhook, ADDRESS_CONTEXT.wecom, ch.wecom);
      ch.dingtalk = seal(dto.dingtalkWebhook, ADDRESS_CONTEXT.dingtalk, ch.dingtalk);
      if (dto.channels) ch.channels = [...new Set(dto.channels)];
      // a removed address takes its channel with it unless the request names the channel again
      if (!dto.channels) ch.channels = ch.channels.filter((c) => addressOf(ch, c) !== null);
      const missing = ch.channels.filter((c) => addressOf(ch, c) === null);
      if (missing.length) {
        throw new ServiceError(
          ErrorCode.Unprocessable,
          'A channel was chosen without its address.',
          missing.map((c) => ({ field: 'channels', reason: `${c} needs ${c === NotificationChannel.Email ? 'email' : c === NotificationChannel.Sms ? 'phone' : `${c}Webhook`} set` })),
        );
      }
      ch.updatedAt = new Date();
      tx.persist(ch);
      return this.view(ch);
    });
  }

  private view(ch: AccountChannel | null): NotificationSettingsView {
    const open = (sealed: string | null, context: string): string | null => (sealed ? this.cipher.decrypt(sealed, context) : null);
    const email = open(ch?.email ?? null, ADDRESS_CONTEXT.email);
    const phone = open(ch?.phone ?? null, ADDRESS_CONTEXT.phone);
    const wecom = open(ch?.wecom ?? null, ADDRESS_CONTEXT.wecom);
    const dingtalk = open(ch?.dingtalk ?? null, ADDRESS_CONTEXT.dingtalk);
    return {
      email: email && maskAddress(NotificationChannel.Email, email),
      phone: phone && maskAddress(NotificationChannel.Sms, phone),
      wecomWebhook: wecom && maskAddress(NotificationChannel.WeCom, wecom),
      dingtalkWebhook: dingtalk && maskAddress(NotificationChannel.DingTalk, dingtalk),
      channels: ch?.channels ?? [],
    };
  }
}
