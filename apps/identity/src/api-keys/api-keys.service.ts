import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { isSystemAdmin } from '@citygrid/auth';
import { IdentityEvents, Role, type ApiKeyView, type Caller, type ClientApiKeyV1, type IssueApiKeyDto, type IssuedApiKeyView, type TokenResponse } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AccessTokensService } from '../auth/access-tokens.service';
import { ApiClient } from '../shared/entities';
import { IdentityException } from '../shared/identity.exception';
import { ApiKey } from './api-key.entity';

/** What every key starts with, so that a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'cgk_';

/**
 * The key's hash as stored. SHA-256, not bcrypt or scrypt: those slow hashes exist to make
 * guessing a low-entropy password expensive, but an API key is 256 random bits, which no amount
 * of guessing reaches, so a fast hash loses nothing; and a fast, unsalted hash lets the key be
 * looked up by its hash in one indexed query on every exchange, without a slow hash per request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Open311 API keys: a credential of their own, issued per API client by the system
 * administrator, exchanged by the gateway for the client's access token (its scopes and node
 * scope, as client credentials give). Keys look like `cgk_<12 hex>.<43 base64url>`: the part
 * before the dot is public (listed, to identify a key), the rest is 256 random bits.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly orm: MikroORM,
    private readonly tokens: AccessTokensService,
    private readonly events: EventRecorder,
  ) {}

  async issue(caller: Caller, dto: IssueApiKeyDto): Promise<IssuedApiKeyView> {
    assertAdmin(caller);
    const em = this.orm.em.fork();
    const client = await em.findOne(ApiClient, { id: dto.clientId });
    if (!client) throw IdentityException.notFound('Client', dto.clientId);
    if (client.disabled) throw IdentityException.conflict('The client is disabled: it gets no keys.');
    const prefix = `${API_KEY_PREFIX}${randomBytes(6).toString('hex')}`;
    const key = `${prefix}.${randomBytes(32).toString('base64url')}`;
    const row = Object.assign(new ApiKey(), { id: randomUUID(), clientId: client.id, prefix, keyHash: hashApiKey(key), label: dto.label, createdBy: caller.id, createdAt: new Date() });
    await em.transactional(async (tx) => {
      tx.persist(row);
      this.events.record(tx, IdentityEvents.clientApiKeyIssued, client.id, keyEvent(client, row, caller));
    });
    return { ...view(row), key };
  }

  async list(caller: Caller, clientId: string): Promise<ApiKeyView[]> {
    assertAdmin(caller);
    const em = this.orm.em.fork();
    if (!(await em.findOne(ApiClient, { id: clientId }))) throw IdentityException.notFound('Client', clientId);
    const rows = await em.find(ApiKey, { clientId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return rows.map(view);
  }

  async revoke(caller: Caller, clientId: string, keyId: string): Promise<ApiKeyView> {
    assertAdmin(caller);
    const em = this.orm.em.fork();
    const row = await em.findOne(ApiKey, { id: keyId, clientId });
    if (!row) throw IdentityException.notFound('API key', keyId);
    if (!row.revokedAt) {
      const client = await em.findOne(ApiClient, { id: clientId });
      if (!client) throw IdentityException.notFound('Client', clientId);
      await em.transactional(async (tx) => {
        row.revokedAt = new Date();
        tx.persist(row);
        this.events.record(tx, IdentityEvents.clientApiKeyRevoked, client.id, keyEvent(client, row, caller));
      });
    }
    return view(row);
  }

  /** The client's access token for a valid key; a revoked or unknown key, or a disabled client, is 401 (one answer for all). */
  async exchange(presented: string): Promise<TokenResponse> {
    const refused = IdentityException.unauthenticated('The API key is not valid.');
    if (!presented.startsWith(API_KEY_PREFIX)) throw refused;
    const em = this.orm.em.fork();
    const row = await em.findOne(ApiKey, { keyHash: hashApiKey(presented) });
    if (!row || row.revokedAt) throw refused;
    const client = await em.findOne(ApiClient, { id: row.clientId });
    if (!client || client.disabled) throw refused;
    row.lastUsedAt = new Date();
    await em.persistAndFlush(row);
    const scope = client.scopes.join(' ');
    const access = await this.tokens.issue({ sub: client.clientId, kind: 'client', name: client.name, roles: [Role.ApiClient], node: client.nodeScope, dept: null, staff: null, scope, sid: null });
    return { access_token: access, token_type: 'Bearer', expires_in: this.tokens.ttlSeconds, scope };
  }
}

function assertAdmin(caller: Caller): void {
  if (!isSystemAdmin(caller)) throw IdentityException.forbidden('Only the system administrator manages API keys.');
}

/** An API-key event: which key of which client, by whom; never the key. */
function keyEvent(client: ApiClient, k: ApiKey, caller: Caller): ClientApiKeyV1 {
  return { id: client.id, clientId: client.clientId, keyId: k.id, prefix: k.prefix, label: k.label, by: caller.id };
}

function view(k: ApiKey): ApiKeyView {
  return {
    id: k.id,
    clientId: k.clientId,
    prefix: k.prefix,
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
