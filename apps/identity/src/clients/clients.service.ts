import { randomBytes, randomUUID } from 'node:crypto';

import { isSystemAdmin } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import { IdentityEvents, type Caller, type ClientView, type CreateClientDto, type CreatedClientView, type ListClientsQuery } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { hashPassword } from '../crypto/password';
import { ApiClient } from '../shared/entities';
import { IdentityException } from '../shared/identity.exception';

/**
 * API clients: other city systems using OAuth 2.0 client credentials. Only the system
 * administrator manages them. The secret is shown once, at creation, and kept scrypt-hashed.
 */
@Injectable()
export class ClientsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
  ) {}

  async create(caller: Caller, dto: CreateClientDto): Promise<CreatedClientView> {
    assertAdmin(caller);
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const client = Object.assign(new ApiClient(), {
      id: randomUUID(),
      clientId: `cg-${randomBytes(12).toString('base64url')}`,
      secretHash: await hashPassword(secret),
      name: dto.name,
      scopes: dto.scopes,
      nodeScope: dto.nodeScope ?? null,
      disabled: false,
      createdBy: caller.id,
      createdAt: now,
    });
    await this.orm.em.fork().transactional(async (tx) => {
      tx.persist(client);
      this.events.record(tx, IdentityEvents.clientCreated, client.id, {
        id: client.id,
        clientId: client.clientId,
        name: client.name,
        scopes: client.scopes,
        nodeScope: client.nodeScope,
        createdBy: caller.id,
      });
    });
    return { ...view(client), clientSecret: secret };
  }

  async list(caller: Caller, q: ListClientsQuery): Promise<Page<ClientView>> {
    assertAdmin(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const [items, total] = await this.orm.em.fork().findAndCount(ApiClient, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, offset, limit });
    return { items: items.map(view), total, offset, limit };
  }

  async disable(caller: Caller, id: string): Promise<ClientView> {
    assertAdmin(caller);
    const em = this.orm.em.fork();
    const client = await em.findOne(ApiClient, { id });
    if (!client) throw IdentityException.notFound('Client', id);
    if (client.disabled) return view(client);
    await em.transactional(async (tx) => {
      client.disabled = true;
      tx.persist(client);
      this.events.record(tx, IdentityEvents.clientDisabled, client.id, { id: client.id, clientId: client.clientId, disabledBy: caller.id });
    });
    return view(client);
  }
}

function assertAdmin(caller: Caller): void {
  if (!isSystemAdmin(caller)) throw IdentityException.forbidden('Only the system administrator manages API clients.');
}

function view(c: ApiClient): ClientView {
  return { id: c.id, clientId: c.clientId, name: c.name, scopes: c.scopes, nodeScope: c.nodeScope, disabled: c.disabled, createdAt: c.createdAt.toISOString() };
}
