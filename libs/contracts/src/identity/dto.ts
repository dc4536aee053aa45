import { PagingQuery } from '../common/paging';
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsIn, IsObject, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

import { ApiScope, Role } from './roles';

/** A node code of the five-level tree: 6, 9, 12, 14 or 16 digits. */
export const IDENTITY_NODE_CODE_PATTERN = /^\d{6}(\d{3}(\d{3}(\d{2}(\d{2})?)?)?)?$/;
/** Account login: 3-64 letters, digits, `.`, `_`, `-` or `@`; case-insensitive (kept lower-case). */
export const LOGIN_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
/** Department code of a linked department 下沉单位 (as in grid-registry). */
export const DEPARTMENT_CODE_PATTERN = /^[A-Za-z0-9-]{2,32}$/;
/** Roles an account can hold (`api_client` belongs to API clients only). */
export const ACCOUNT_ROLES: readonly Role[] = Object.values(Role).filter((r) => r !== Role.ApiClient);

/** Staff login: login and password. */
export class LoginDto {
  /** Account login (case-insensitive). */
  @ApiProperty({ example: 'admin', minLength: 3, maxLength: 64 })
  @IsString()
  @Length(3, 64)
  login!: string;

  /** Password. */
  @ApiProperty({ example: 'citygrid-admin', format: 'password', minLength: 1, maxLength: 256 })
  @IsString()
  @Length(1, 256)
  password!: string;
}

/** A client address as the edge saw it: IPv4, IPv6 (optionally with a zone) or a name; no spaces or control characters. */
export const SOURCE_ADDRESS_PATTERN = /^[0-9A-Za-z.:%_-]{1,64}$/;

/**
 * A staff login as identity receives it (`identity.auth.login`): the credentials and the address
 * they came from. Failed logins are throttled per login and source address, so the edge that
 * saw the client (the gateway) must say who it was.
 */
export class LoginRequest {
  /** Login and password, as the client sent them to `POST /auth/login`. */
  @IsObject()
  @ValidateNested()
  @Type(() => LoginDto)
  credentials!: LoginDto;

  /**
   * The client's address: the gateway's `req.ip` (the peer, or the first untrusted hop of
   * `X-Forwarded-For` behind trusted proxies). After `LOGIN_FREE_FAILURES` failed logins for a
   * login from one address, further attempts from that address wait a delay that doubles per
   * failure; other addresses are not affected.
   */
  @IsString()
  @Matches(SOURCE_ADDRESS_PATTERN, { message: 'sourceAddress must be an address of 1-64 letters, digits, ".", ":", "%", "_" or "-"' })
  sourceAddress!: string;
}

/** Grant types of `POST /oauth/token`. */
export enum GrantType {
  /** RFC 6749 §4.4: another city system authenticates with its client id and secret. */
  ClientCredentials = 'client_credentials',
  /** RFC 6749 §6: exchange a refresh token for a new access token (and a new refresh token). */
  RefreshToken = 'refresh_token',
}

/** OAuth 2.0 token request (RFC 6749 §4.4 and §6), field names as in the RFC. */
export class TokenRequestDto {
  /** `client_credentials` or `refresh_token`. */
  @ApiProperty({ enum: GrantType, enumName: 'GrantType' })
  @IsIn(Object.values(GrantType), { message: 'grant_type must be client_credentials or refresh_token' })
  grant_type!: GrantType;

  /** Client id (client_credentials). */
  @ApiPropertyOptional({ maxLength: 128 })
  @ValidateIf((o: TokenRequestDto) => o.grant_type === GrantType.ClientCredentials || o.client_id !== undefined)
  @IsString()
  @Length(1, 128)
  client_id?: string;

  /** Client secret (client_credentials). */
  @ApiPropertyOptional({ format: 'password', maxLength: 256 })
  @ValidateIf((o: TokenRequestDto) => o.grant_type === GrantType.ClientCredentials || o.client_secret !== undefined)
  @IsString()
  @Length(1, 256)
  client_secret?: string;

  /** Space-separated scopes requested (client_credentials); default: every scope granted to the client. */
  @ApiPropertyOptional({ example: 'registry:read' })
  @Optional()
  @IsString()
  @MaxLength(1000)
  scope?: string;

  /** The refresh token (refresh_token). */
  @ApiPropertyOptional({ maxLength: 512 })
  @ValidateIf((o: TokenRequestDto) => o.grant_type === GrantType.RefreshToken || o.refresh_token !== undefined)
  @IsString()
  @Length(1, 512)
  refresh_token?: string;
}

/** End a session: the refresh token of that session. */
export class LogoutDto {
  /** The refresh token returned at login (or by the last refresh). */
  @ApiProperty({ maxLength: 512 })
  @IsString()
  @Length(1, 512)
  refresh_token!: string;
}

/** Token response (RFC 6749 §5.1). */
export class TokenResponse {
  /** The access token: a JWT signed with EdDSA (`typ: at+jwt`), verifiable with `/.well-known/jwks.json`. */
  @ApiProperty() access_token!: string;
  /** Always `Bearer`. */
  @ApiProperty({ enum: ['Bearer'] }) token_type!: 'Bearer';
  /** Lifetime of the access token, seconds. */
  @ApiProperty({ example: 600 }) expires_in!: number;
  /** Refresh token (staff sessions only): single use, each refresh returns a new one. */
  @ApiPropertyOptional() refresh_token?: string;
  /** Space-separated scopes of the token (API clients), empty for staff. */
  @ApiProperty({ example: '' }) scope!: string;
}

/** Result of a logout. */
export class LogoutResult {
  /** True when a live session was ended by this request. */
  @ApiProperty() revoked!: boolean;
}

/** A request with no fields (handlers ignore the payload). */
export type EmptyRequest = Record<string, never>;

/** One public key (JWK, RFC 7517) of the key set. */
export class PublicJwkView {
  /** Key type: `OKP`. */
  @ApiProperty({ example: 'OKP' }) kty!: string;
  /** Curve: `Ed25519`. */
  @ApiProperty({ example: 'Ed25519' }) crv!: string;
  /** Public key, base64url. */
  @ApiProperty() x!: string;
  /** Key id, as in the `kid` header of tokens. */
  @ApiProperty() kid!: string;
  /** Algorithm: `EdDSA`. */
  @ApiProperty({ example: 'EdDSA' }) alg!: string;
  /** Use: `sig`. */
  @ApiProperty({ example: 'sig' }) use!: string;
}

/** JSON Web Key Set (RFC 7517 §5): the active key and, for a while after a rotation, the previous one. */
export class JwksView {
  /** Public keys. */
  @ApiProperty({ type: [PublicJwkView] }) keys!: PublicJwkView[];
}

/** Result of a key rotation. */
export class KeyRotationView {
  /** Id of the new signing key. */
  @ApiProperty() kid!: string;
  /** Id of the previous key (still in the key set until `retiringUntil`), or null. */
  @ApiPropertyOptional({ type: String, nullable: true }) previousKid!: string | null;
  /** When the previous key leaves the key set (every token it signed has expired by then). */
  @ApiProperty({ format: 'date-time' }) retiringUntil!: string;
}

/** Sessions revoked recently (their access tokens may still be unexpired). */
export class RevokedSessionsView {
  /** Session ids (`sid` claim) revoked within the last access-token lifetime. */
  @ApiProperty({ type: [String] }) sessionIds!: string[];
}

/** Create a staff account. */
export class CreateAccountDto {
  /** Login, unique, 3-64 characters (letters, digits, `.`, `_`, `-`, `@`); case-insensitive. */
  @ApiProperty({ example: 'zhang.wei', minLength: 3, maxLength: 64 })
  @Matches(LOGIN_PATTERN, { message: 'login must be 3-64 letters, digits, ".", "_", "-" or "@"' })
  login!: string;

  /** Initial password, 10-256 characters. */
  @ApiProperty({ format: 'password', minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256)
  password!: string;

  /** Roles (at least one; `api_client` is not an account role). */
  @ApiProperty({ enum: ACCOUNT_ROLES, enumName: 'Role', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsIn(ACCOUNT_ROLES, { each: true, message: 'each role must be an account role' })
  roles!: Role[];

  /** Code of the node whose subtree the account works in; omitted only for a system administrator. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(IDENTITY_NODE_CODE_PATTERN, { message: 'nodeScope must be a node code' })
  nodeScope?: string;

  /** Department code, required for a department officer. */
  @ApiPropertyOptional({ example: 'lsz-police' })
  @Optional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'departmentCode must be 2-32 letters, digits or dashes' })
  departmentCode?: string;

  /**
   * The staff record in grid-registry this login belongs to (its id, a UUID). Linked, the account's
   * node scope follows that staff member's assignments: assigned to a node, the account works
   * there; leaving it, the account falls back to the newest remaining assignment, or to no scope
   * at all (it then sees nothing). It moves only within the subtree of whoever created the
   * account, as she could have granted it. Not for a system administrator, whose scope is the
   * whole system.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'staffId must be a UUID (a grid-registry staff id)' })
  staffId?: string;
}

/** A staff account (never with its password hash). */
export class AccountView {
  /** Account id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Login. */
  @ApiProperty() login!: string;
  /** Roles. */
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true }) roles!: Role[];
  /** Node scope, or null for the system administrator. */
  @ApiPropertyOptional({ type: String, nullable: true }) nodeScope!: string | null;
  /** Department code (department officers). */
  @ApiPropertyOptional({ type: String, nullable: true }) departmentCode!: string | null;
  /** The linked grid-registry staff id, whose assignments move the node scope; null when unlinked. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) staffId!: string | null;
  /** Disabled accounts cannot log in or refresh. */
  @ApiProperty() disabled!: boolean;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** List accounts in the caller's scope. */
export class ListAccountsQuery extends PagingQuery {
  /** Only accounts whose node scope lies under this node code (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(IDENTITY_NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Only accounts holding this role. */
  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @Optional()
  @IsEnum(Role)
  role?: Role;

  /** Login contains this text. */
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

/**
 * Changes to an account (`PATCH /api/v1/accounts/{id}`): only the fields given change. The caller
 * must be able to grant both what the account holds and what it will hold; nobody changes her own
 * roles, scope or state. A change of roles, scope or department, and disabling, revoke the
 * account's sessions, so its tokens stop working at once rather than at their expiry.
 */
export class UpdateAccountDto {
  /** New roles (at least one; `api_client` is not an account role). */
  @ApiPropertyOptional({ enum: ACCOUNT_ROLES, enumName: 'Role', isArray: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsIn(ACCOUNT_ROLES, { each: true, message: 'each role must be an account role' })
  roles?: Role[];

  /** New node scope (a node code). */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(IDENTITY_NODE_CODE_PATTERN, { message: 'nodeScope must be a node code' })
  nodeScope?: string;

  /** New department code (department officers). */
  @ApiPropertyOptional({ example: 'lsz-police' })
  @Optional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'departmentCode must be 2-32 letters, digits or dashes' })
  departmentCode?: string;

  /** `true` disables the account (its sessions are revoked), `false` enables it again. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  disabled?: boolean;
}

/** `identity.account.update`: the account and its changes. */
export class UpdateAccountRequest {
  /** Account id (UUID). */
  @IsUUID()
  id!: string;

  /** The changes; at least one field. */
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateAccountDto)
  changes!: UpdateAccountDto;
}

/**
 * A password change (`POST /auth/password`), by the account's owner: with her current password,
 * or with the one-time password an administrator issued (the only way such an account can log in
 * again). Throttled like a login. Every session of the account is revoked.
 */
export class ChangePasswordDto {
  /** Account login (case-insensitive). */
  @ApiProperty({ example: 'zhang.wei', minLength: 3, maxLength: 64 })
  @IsString()
  @Length(3, 64)
  login!: string;

  /** The current password, or the one-time password issued by a reset. */
  @ApiProperty({ format: 'password', minLength: 1, maxLength: 256 })
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  /** The new password, 10-256 characters, different from the current one. */
  @ApiProperty({ format: 'password', minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256)
  newPassword!: string;
}

/** `identity.auth.password-change`: the change and the address it came from (for the throttle). */
export class ChangePasswordRequest {
  /** The change, as the client sent it. */
  @IsObject()
  @ValidateNested()
  @Type(() => ChangePasswordDto)
  change!: ChangePasswordDto;

  /** The client's address, as for a login. */
  @IsString()
  @Matches(SOURCE_ADDRESS_PATTERN, { message: 'sourceAddress must be an address of 1-64 letters, digits, ".", ":", "%", "_" or "-"' })
  sourceAddress!: string;
}

/** Outcome of a password change. */
export class PasswordChangedView {
  /** Sessions revoked (every one of the account's): log in again with the new password. */
  @ApiProperty() revokedSessions!: number;
}

/**
 * A one-time password issued by an administrator (`POST /api/v1/accounts/{id}/password-reset`),
 * shown once and stored only hashed. It does not log in: it only sets a new password through
 * `POST /auth/password`, before `expiresAt`. The account's sessions are revoked.
 */
export class PasswordResetView {
  /** Account id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Login. */
  @ApiProperty() login!: string;
  /** The one-time password: hand it to the person, it is not shown again. */
  @ApiProperty({ format: 'password' }) oneTimePassword!: string;
  /** After this the one-time password no longer works. */
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** Identifies an account or an API client by its id. */
export class IdentityIdRequest {
  /** Id (UUID). */
  @IsUUID()
  id!: string;
}

/** Register another city system as an API client. */
export class CreateClientDto {
  /** Name of the system. */
  @ApiProperty({ example: '12345 市民热线', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  /** OAuth scopes granted. */
  @ApiProperty({ enum: ApiScope, enumName: 'ApiScope', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(ApiScope, { each: true })
  scopes!: ApiScope[];

  /** Node whose subtree the client may reach; omitted for the whole city system. */
  @ApiPropertyOptional({ example: '410102' })
  @Optional()
  @Matches(IDENTITY_NODE_CODE_PATTERN, { message: 'nodeScope must be a node code' })
  nodeScope?: string;
}

/** An API client (never with its secret). */
export class ClientView {
  /** Internal id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** OAuth `client_id`. */
  @ApiProperty() clientId!: string;
  /** Name of the system. */
  @ApiProperty() name!: string;
  /** Scopes granted. */
  @ApiProperty({ enum: ApiScope, enumName: 'ApiScope', isArray: true }) scopes!: ApiScope[];
  /** Node scope, or null. */
  @ApiPropertyOptional({ type: String, nullable: true }) nodeScope!: string | null;
  /** Disabled clients get no tokens. */
  @ApiProperty() disabled!: boolean;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A client just created: the only time its secret is shown. */
export class CreatedClientView extends ClientView {
  /** The client secret: store it now, it cannot be shown again. */
  @ApiProperty() clientSecret!: string;
}

/** List API clients. */
export class ListClientsQuery extends PagingQuery {}

/** Issue an Open311 API key for an API client. */
export class IssueApiKeyDto {
  /** The API client (its internal id) the key acts as. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId!: string;

  /** What the key is for, so that an administrator can tell keys apart (e.g. the installation using it). */
  @ApiProperty({ example: 'FixMyStreet production', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  label!: string;
}

/** The issue body as the HTTP API takes it (the client comes from the path). */
export class IssueApiKeyBody {
  /** What the key is for, so that an administrator can tell keys apart (e.g. the installation using it). */
  @ApiProperty({ example: 'FixMyStreet production', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  label!: string;
}

/** An API key, never with its key material: only the public prefix that identifies it. */
export class ApiKeyView {
  /** Key id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The API client (internal id) it acts as. */
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  /** Public start of the key (`cgk_…`), to recognise it in a client's configuration. */
  @ApiProperty({ example: 'cgk_3f9a1c0b7e2d' }) prefix!: string;
  /** What the key is for. */
  @ApiProperty() label!: string;
  /** Issued at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Last exchanged for a token (null: never used). */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  /** Revoked at (null: active). */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

/** A key just issued: the only time the key itself is shown. */
export class IssuedApiKeyView extends ApiKeyView {
  /** The API key: store it now, it cannot be shown again. */
  @ApiProperty({ example: 'cgk_3f9a1c0b7e2d.Qm9…' }) key!: string;
}

/** The keys of one API client. */
export class ListApiKeysRequest {
  /** The API client (internal id). */
  @IsUUID()
  clientId!: string;
}

/** Revoke one key of one API client. */
export class RevokeApiKeyRequest {
  /** The API client (internal id). */
  @IsUUID()
  clientId!: string;
  /** The key. */
  @IsUUID()
  keyId!: string;
}

/** Exchange an API key for its client's access token. */
export class ExchangeApiKeyRequest {
  /** The API key as presented. */
  @IsString()
  @MaxLength(200)
  key!: string;
}
