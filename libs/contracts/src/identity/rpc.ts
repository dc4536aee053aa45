import type { AuditEntryView, ListAuditQuery } from '../common/audit';
import type { DeadLetterIdRequest, DeadLetterReplayView, DeadLetterView, ListDeadLettersQuery } from '../common/dead-letters';
import type { Page, RpcDefinition } from '../common/rpc';
import type {
  AccountView,
  ApiKeyView,
  ExchangeApiKeyRequest,
  IssueApiKeyDto,
  IssuedApiKeyView,
  ListApiKeysRequest,
  RevokeApiKeyRequest,
  ChangePasswordRequest,
  ClientView,
  CreateAccountDto,
  CreateClientDto,
  CreatedClientView,
  EmptyRequest,
  IdentityIdRequest,
  JwksView,
  KeyRotationView,
  ListAccountsQuery,
  ListClientsQuery,
  LoginRequest,
  LogoutDto,
  LogoutResult,
  PasswordChangedView,
  PasswordResetView,
  RevokedSessionsView,
  TokenRequestDto,
  TokenResponse,
  UpdateAccountRequest,
} from './dto';

/**
 * RPC patterns answered by identity (NATS request/reply, queue group `identity`). Login, token,
 * logout, the key set and the revoked-session list need no caller; everything else does.
 */
export const IdentityRpc = {
  authLogin: 'identity.auth.login',
  authLogout: 'identity.auth.logout',
  oauthToken: 'identity.oauth.token',
  keysJwks: 'identity.keys.jwks',
  keysRotate: 'identity.keys.rotate',
  sessionRevokedList: 'identity.session.revoked-list',
  accountCreate: 'identity.account.create',
  accountGet: 'identity.account.get',
  accountList: 'identity.account.list',
  accountDisable: 'identity.account.disable',
  accountUpdate: 'identity.account.update',
  accountPasswordReset: 'identity.account.password-reset',
  authPasswordChange: 'identity.auth.password-change',
  clientCreate: 'identity.client.create',
  clientList: 'identity.client.list',
  clientDisable: 'identity.client.disable',
  apiKeyIssue: 'identity.api-key.issue',
  apiKeyList: 'identity.api-key.list',
  apiKeyRevoke: 'identity.api-key.revoke',
  apiKeyExchange: 'identity.api-key.exchange',
  auditList: 'identity.audit.list',
  deadLetterList: 'identity.dead-letter.list',
  deadLetterReplay: 'identity.dead-letter.replay',
} as const;

/** Typed map: pattern → request payload and response. */
export type IdentityRpcMap = {
  'identity.auth.login': RpcDefinition<LoginRequest, TokenResponse>;
  'identity.auth.logout': RpcDefinition<LogoutDto, LogoutResult>;
  'identity.oauth.token': RpcDefinition<TokenRequestDto, TokenResponse>;
  'identity.keys.jwks': RpcDefinition<EmptyRequest, JwksView>;
  'identity.keys.rotate': RpcDefinition<EmptyRequest, KeyRotationView>;
  'identity.session.revoked-list': RpcDefinition<EmptyRequest, RevokedSessionsView>;
  'identity.account.create': RpcDefinition<CreateAccountDto, AccountView>;
  'identity.account.get': RpcDefinition<IdentityIdRequest, AccountView>;
  'identity.account.list': RpcDefinition<ListAccountsQuery, Page<AccountView>>;
  'identity.account.disable': RpcDefinition<IdentityIdRequest, AccountView>;
  /** Change roles, scope, department or state, within what the caller may grant. */
  'identity.account.update': RpcDefinition<UpdateAccountRequest, AccountView>;
  /** Issue a one-time password (shown once) that only sets a new password. */
  'identity.account.password-reset': RpcDefinition<IdentityIdRequest, PasswordResetView>;
  /** The owner changes her password with the current or one-time password (no caller: throttled like a login). */
  'identity.auth.password-change': RpcDefinition<ChangePasswordRequest, PasswordChangedView>;
  'identity.client.create': RpcDefinition<CreateClientDto, CreatedClientView>;
  'identity.client.list': RpcDefinition<ListClientsQuery, Page<ClientView>>;
  'identity.client.disable': RpcDefinition<IdentityIdRequest, ClientView>;
  /** Issue an API key for a client (system administrator); the key is in this answer only. */
  'identity.api-key.issue': RpcDefinition<IssueApiKeyDto, IssuedApiKeyView>;
  /** A client's keys, without key material (system administrator). */
  'identity.api-key.list': RpcDefinition<ListApiKeysRequest, ApiKeyView[]>;
  /** Revoke a key (system administrator): it is exchanged no more. */
  'identity.api-key.revoke': RpcDefinition<RevokeApiKeyRequest, ApiKeyView>;
  /** An API key for its client's access token (no caller: the key is the credential). */
  'identity.api-key.exchange': RpcDefinition<ExchangeApiKeyRequest, TokenResponse>;
  'identity.audit.list': RpcDefinition<ListAuditQuery, Page<AuditEntryView>>;
  /** Events identity's consumer gave up on (system administrator only). */
  'identity.dead-letter.list': RpcDefinition<ListDeadLettersQuery, Page<DeadLetterView>>;
  /** Apply a dead-lettered event again, once its cause is fixed (system administrator only). */
  'identity.dead-letter.replay': RpcDefinition<DeadLetterIdRequest, DeadLetterReplayView>;
};
