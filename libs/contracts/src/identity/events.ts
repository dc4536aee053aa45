import { defineEvent, type JsonSchema } from '../common/cloudevent';
import type { ApiScope, Role } from './roles';

const SERVICE = 'identity';

/** Payload of `citygrid.account.created.v1`. Never carries the password or its hash. */
export interface AccountCreatedV1 {
  /** Account id. */
  id: string;
  /** Login. */
  login: string;
  /** Roles. */
  roles: Role[];
  /** Node scope, or null (system administrator). */
  nodeScope: string | null;
  /** Department code (department officers), or null. */
  departmentCode: string | null;
  /** grid-registry staff id, or null. */
  staffId: string | null;
  /** Id of the caller who created it, or null when created at start-up (bootstrap administrator). */
  createdBy: string | null;
}

/** Payload of `citygrid.account.disabled.v1`. */
export interface AccountDisabledV1 {
  /** Account id. */
  id: string;
  /** Login. */
  login: string;
  /** Node scope, or null. */
  nodeScope: string | null;
  /** Id of the caller who disabled it. */
  disabledBy: string;
}

/** Payload of `citygrid.account.edited.v1`: an administrator or operator changed an account. */
export interface AccountEditedV1 {
  /** Account id. */
  id: string;
  /** Login. */
  login: string;
  /** Fields that changed: `roles`, `nodeScope`, `departmentCode`, `disabled`. */
  changed: string[];
  /** Roles after the change. */
  roles: Role[];
  /** Node scope after the change. */
  nodeScope: string | null;
  /** Department after the change. */
  departmentCode: string | null;
  /** Whether the account is disabled after the change. */
  disabled: boolean;
  /** The same fields before the change. */
  previous: { roles: Role[]; nodeScope: string | null; departmentCode: string | null; disabled: boolean };
  /** Id of the caller who changed it. */
  editedBy: string;
  /** Whether its sessions were revoked (a change of authority or disabling). */
  sessionsRevoked: boolean;
}

/** Payload of `citygrid.account.password-changed.v1` and `citygrid.account.password-reset.v1`. Never carries a password. */
export interface AccountPasswordV1 {
  /** Account id. */
  id: string;
  /** Login. */
  login: string;
  /** Node scope, or null. */
  nodeScope: string | null;
  /** Who did it: the account itself (a change) or the administrator (a reset). */
  by: string;
  /** For a reset: until when the one-time password works. */
  expiresAt: string | null;
}

/** What changed an account without a request to identity: a staff event of grid-registry about its linked staff member. */
export type AccountUpdateCause = 'staff-assigned' | 'staff-unassigned';

/**
 * Payload of `citygrid.account.updated.v1`: the node scope and role of an account linked to a
 * staff member (`staffId`) followed that member's assignments in grid-registry (the role of the
 * assignment it follows: 网格长, 网格员, 网格责任人, 督查, or the platform operator of the node's level). Its tokens issued from
 * now on (login, refresh) carry the new scope; those issued before keep the old one until they
 * expire (`ACCESS_TOKEN_TTL_S`).
 */
export interface AccountUpdatedV1 {
  /** Account id. */
  id: string;
  /** Login. */
  login: string;
  /** Roles after the change. */
  roles: Role[];
  /** Roles before the change. Absent on events published before the role followed the assignment (the roles did not change). */
  previousRoles?: Role[];
  /** Fields that changed: `nodeScope`, `roles`. */
  changed: string[];
  /** Node scope after the change, or null: the account then sees nothing until its staff member is assigned again. */
  nodeScope: string | null;
  /** Node scope before the change. */
  previousNodeScope: string | null;
  /** Codes from the root to the new node scope, or, when the scope was cleared, to the node the staff member left. */
  path: string[];
  /** The linked grid-registry staff id. */
  staffId: string;
  /** `staff-assigned` (the member was assigned to the node) or `staff-unassigned` (left the node; the scope fell back to the newest remaining assignment, or none). */
  cause: AccountUpdateCause;
  /** Id of the grid-registry event that caused the change. */
  causeEventId: string;
  /** The grid-registry assignment it was about. */
  assignmentId: string;
}

/** Payload of `citygrid.client.created.v1`. Never carries the client secret. */
export interface ClientCreatedV1 {
  /** Internal id. */
  id: string;
  /** OAuth client id. */
  clientId: string;
  /** Name of the system. */
  name: string;
  /** Scopes granted. */
  scopes: ApiScope[];
  /** Node scope, or null. */
  nodeScope: string | null;
  /** Id of the caller who created it. */
  createdBy: string;
}

/** Payload of `citygrid.client.api-key-issued.v1` and `citygrid.client.api-key-revoked.v1` (never the key itself). */
export interface ClientApiKeyV1 {
  /** The client's internal id. */
  id: string;
  /** OAuth client id. */
  clientId: string;
  /** The key's id. */
  keyId: string;
  /** The key's public part (`cgk_<12 hex>`), to tell keys apart. */
  prefix: string;
  /** What the key is for. */
  label: string;
  /** Id of the administrator who issued or revoked it. */
  by: string;
}

/** Payload of `citygrid.client.disabled.v1`. */
export interface ClientDisabledV1 {
  /** Internal id. */
  id: string;
  /** OAuth client id. */
  clientId: string;
  /** Id of the caller who disabled it. */
  disabledBy: string;
}

/** Why a session was revoked. */
export type SessionRevokedReason = 'logout' | 'refresh-token-reuse' | 'account-disabled' | 'account-changed' | 'password-changed' | 'password-reset';

/** Payload of `citygrid.session.revoked.v1`. Never carries a token. */
export interface SessionRevokedV1 {
  /** Session id: the `sid` claim of every access token issued in this session. */
  sessionId: string;
  /** Account whose session it was. */
  accountId: string;
  /** When it was revoked (UTC ISO-8601). Its access tokens expire at most `ACCESS_TOKEN_TTL_S` later. */
  revokedAt: string;
  /** `logout`, `refresh-token-reuse` (a used refresh token was presented again) or `account-disabled`. */
  reason: SessionRevokedReason;
}

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const nullableString: JsonSchema = { type: ['string', 'null'] };

/** Events emitted by identity. */
/** JSON Schema of the API-key events. */
const API_KEY_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: "The client's internal id." },
    clientId: { type: 'string', description: 'OAuth client id.' },
    keyId: { type: 'string', format: 'uuid', description: "The key's id." },
    prefix: { type: 'string', description: "The key's public part (cgk_<12 hex>)." },
    label: { type: 'string', description: 'What the key is for.' },
    by: { type: 'string', description: 'The administrator who issued or revoked it.' },
  },
  required: ['id', 'clientId', 'keyId', 'prefix', 'label', 'by'],
};

export const IdentityEvents = {
  accountCreated: defineEvent<AccountCreatedV1>({
    service: SERVICE,
    aggregate: 'account',
    event: 'created',
    version: 1,
    summary: 'A staff account was created (no password or hash in the event).',
    schema: {
      type: 'object',
      properties: {
        id: uuid,
        login: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' } },
        nodeScope: nullableString,
        departmentCode: nullableString,
        staffId: { type: ['string', 'null'], format: 'uuid' },
        createdBy: nullableString,
      },
      required: ['id', 'login', 'roles', 'nodeScope', 'departmentCode', 'staffId', 'createdBy'],
    },
  }),
  accountUpdated: defineEvent<AccountUpdatedV1>({
    service: SERVICE,
    aggregate: 'account',
    event: 'updated',
    version: 1,
    summary: "A staff account changed: its node scope and role followed its linked staff member's assignments in grid-registry.",
    schema: {
      type: 'object',
      properties: {
        id: uuid,
        login: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' }, description: 'Roles after the change.' },
        previousRoles: { type: 'array', items: { type: 'string' }, description: 'Roles before the change (absent on events published before roles followed assignments).' },
        changed: { type: 'array', items: { type: 'string', enum: ['nodeScope', 'roles'] } },
        nodeScope: nullableString,
        previousNodeScope: nullableString,
        path: { type: 'array', items: { type: 'string' }, description: 'Codes from the root to the new node scope, or to the node left when the scope was cleared.' },
        staffId: uuid,
        cause: { type: 'string', enum: ['staff-assigned', 'staff-unassigned'] },
        causeEventId: uuid,
        assignmentId: uuid,
      },
      required: ['id', 'login', 'roles', 'changed', 'nodeScope', 'previousNodeScope', 'path', 'staffId', 'cause', 'causeEventId', 'assignmentId'],
    },
  }),
  accountEdited: defineEvent<AccountEditedV1>({
    service: SERVICE,
    aggregate: 'account',
    event: 'edited',
    version: 1,
    summary: "A staff account's roles, node scope, department or state were changed by an administrator or operator.",
    schema: {
      type: 'object',
      properties: {
        id: uuid,
        login: { type: 'string' },
        changed: { type: 'array', items: { type: 'string', enum: ['roles', 'nodeScope', 'departmentCode', 'disabled'] } },
        roles: { type: 'array', items: { type: 'string' } },
        nodeScope: nullableString,
        departmentCode: nullableString,
        disabled: { type: 'boolean' },
        previous: {
          type: 'object',
          properties: { roles: { type: 'array', items: { type: 'string' } }, nodeScope: nullableString, departmentCode: nullableString, disabled: { type: 'boolean' } },
          required: ['roles', 'nodeScope', 'departmentCode', 'disabled'],
        },
        editedBy: { type: 'string' },
        sessionsRevoked: { type: 'boolean' },
      },
      required: ['id', 'login', 'changed', 'roles', 'nodeScope', 'departmentCode', 'disabled', 'previous', 'editedBy', 'sessionsRevoked'],
    },
  }),
  accountPasswordChanged: defineEvent<AccountPasswordV1>({
    service: SERVICE,
    aggregate: 'account',
    event: 'password-changed',
    version: 1,
    summary: 'A staff account owner set a new password; every session of the account was revoked.',
    schema: {
      type: 'object',
      properties: { id: uuid, login: { type: 'string' }, nodeScope: nullableString, by: { type: 'string' }, expiresAt: nullableString },
      required: ['id', 'login', 'nodeScope', 'by', 'expiresAt'],
    },
  }),
  accountPasswordReset: defineEvent<AccountPasswordV1>({
    service: SERVICE,
    aggregate: 'account',
    event: 'password-reset',
    version: 1,
    summary: 'An administrator issued a one-time password for a staff account; its sessions were revoked and it cannot log in until a new password is set.',
    schema: {
      type: 'object',
      properties: { id: uuid, login: { type: 'string' }, nodeScope: nullableString, by: { type: 'string' }, expiresAt: nullableString },
      required: ['id', 'login', 'nodeScope', 'by', 'expiresAt'],
    },
  }),
  accountDisabled: defineEvent<AccountDisabledV1>({
    service: SERVICE,
    aggregate: 'account',
    event: 'disabled',
    version: 1,
    summary: 'A staff account was disabled; its sessions were revoked.',
    schema: {
      type: 'object',
      properties: { id: uuid, login: { type: 'string' }, nodeScope: nullableString, disabledBy: { type: 'string' } },
      required: ['id', 'login', 'nodeScope', 'disabledBy'],
    },
  }),
  clientCreated: defineEvent<ClientCreatedV1>({
    service: SERVICE,
    aggregate: 'client',
    event: 'created',
    version: 1,
    summary: 'Another city system was registered as an API client (no secret in the event).',
    schema: {
      type: 'object',
      properties: {
        id: uuid,
        clientId: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'array', items: { type: 'string' } },
        nodeScope: nullableString,
        createdBy: { type: 'string' },
      },
      required: ['id', 'clientId', 'name', 'scopes', 'nodeScope', 'createdBy'],
    },
  }),
  clientDisabled: defineEvent<ClientDisabledV1>({
    service: SERVICE,
    aggregate: 'client',
    event: 'disabled',
    version: 1,
    summary: 'An API client was disabled; it gets no new tokens.',
    schema: { type: 'object', properties: { id: uuid, clientId: { type: 'string' }, disabledBy: { type: 'string' } }, required: ['id', 'clientId', 'disabledBy'] },
  }),
  clientApiKeyIssued: defineEvent<ClientApiKeyV1>({
    service: SERVICE,
    aggregate: 'client',
    event: 'api-key-issued',
    version: 1,
    summary: 'An Open311 API key was issued for an API client (its public prefix only; the key is shown once, to the administrator).',
    schema: API_KEY_SCHEMA,
  }),
  clientApiKeyRevoked: defineEvent<ClientApiKeyV1>({
    service: SERVICE,
    aggregate: 'client',
    event: 'api-key-revoked',
    version: 1,
    summary: "An API client's Open311 API key was revoked; the gateway refuses it within API_KEY_TOKEN_CACHE_MS (a minute).",
    schema: API_KEY_SCHEMA,
  }),
  sessionRevoked: defineEvent<SessionRevokedV1>({
    service: SERVICE,
    aggregate: 'session',
    event: 'revoked',
    version: 1,
    summary: 'A login session (refresh-token family) was revoked: refuse access tokens whose sid is sessionId until they expire.',
    schema: {
      type: 'object',
      properties: {
        sessionId: uuid,
        accountId: uuid,
        revokedAt: { type: 'string', format: 'date-time' },
        reason: { type: 'string', enum: ['logout', 'refresh-token-reuse', 'account-disabled', 'account-changed', 'password-changed', 'password-reset'] },
      },
      required: ['sessionId', 'accountId', 'revokedAt', 'reason'],
    },
  }),
} as const;
