import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import type { DeliveryView, ListDeliveriesQuery } from '@citygrid/contracts/notifications';
import { FieldCipher } from '@citygrid/pii';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { maskAddress } from '../delivery/mask';
import { ADDRESS_CONTEXT } from '../settings/addresses';
import { assertSystemAdmin } from '../shared/callers';
import { Delivery } from './delivery.entity';

/** Deliveries as the system administrator sees them: by status, addresses masked, errors as recorded. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly cipher: FieldCipher,
  ) {}

  async list(caller: Caller, q: ListDeliveriesQuery): Promise<Page<DeliveryView>> {
    assertSystemAdmin(caller);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const [rows, total] = await this.orm.em.fork().findAndCount(Delivery, q.status ? { status: q.status } : {}, { orderBy: { createdAt: 'desc', id: 'asc' }, limit, offset });
    return {
      items: rows.map((d) => ({
        id: d.id,
        notificationId: d.notificationId,
        rule: d.rule,
        accountId: d.accountId,
        channel: d.channel,
        address: maskAddress(d.channel, this.cipher.decrypt(d.address, ADDRESS_CONTEXT.delivery)),
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        sentAt: d.sentAt?.toISOString() ?? null,
      })),
      total,
      limit,
      offset,
    };
  }
}
