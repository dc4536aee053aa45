import type { ApiScope, Role, SessionRevokedReason } from '@citygrid/contracts/identity';
import { Entity, Index, OptionalProps, PrimaryKey, PrimaryKeyProp, Property, Unique } from '@mikro-orm/core';

/** A staff login. */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'disabled' | 'createdAt' | 'updatedAt' | 'oneTimePasswordHash' | 'oneTimePasswordExpiresAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Lower-case. */
  @Property({ type: 'text' }) @Unique() login!: string;
  /** `scrypt$N$r$p$salt$hash`. */
  @Property({ type: 'text', lazy: true }) passwordHash!: string;
  @Property({ type: 'text[]' }) roles!: Role[];
  @Property({ type: 'text', nullable: true }) nodeScope!: string | null;
  @Property({ type: 'text', nullable: true }) departmentCode!: string | null;
  /** The linked grid-registry staff member, whose assignments move `nodeScope` (`StaffLinksService`). */
  @Property({ type: 'uuid', nullable: true }) staffId!: string | null;
  @Property({ type: 'boolean' }) disabled = false;
  /** A pending reset's one-time password (`scrypt$…`): while set, the account cannot log in, only set a new password with it. */
  @Property({ type: 'text', nullable: true, lazy: true }) oneTimePasswordHash: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) oneTimePasswordExpiresAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) createdBy!: string | null;
  /**
   * Node scope of whoever created the account (null: the system administrator, or start-up): the
   * subtree within which staff assignments may move `nodeScope`, as its creator could have granted.
   */
  @Property({ type: 'text', nullable: true }) granterScope!: string | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz' }) updatedAt: Date = new Date();
}

/** Another city system (OAuth 2.0 client credentials). */
@Entity({ tableName: 'api_client' })
export class ApiClient {
  [OptionalProps]?: 'disabled' | 'createdAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) @Unique() clientId!: string;
  @Property({ type: 'text', lazy: true }) secretHash!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text[]' }) scopes!: ApiScope[];
  @Property({ type: 'text', nullable: true }) nodeScope!: string | null;
  @Property({ type: 'boolean' }) disabled = false;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

/** A login session: one family of refresh tokens. Its id is the `sid` of its access tokens. */
@Entity({ tableName: 'session' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'revokedAt' | 'revokedReason';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) @Index() accountId!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) revokedAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) revokedReason: SessionRevokedReason | null = null;
}

/** One refresh token, kept only as its SHA-256 hash; single use. */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  [OptionalProps]?: 'createdAt' | 'usedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) @Unique() tokenHash!: string;
  @Property({ type: 'uuid' }) @Index() sessionId!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'timestamptz', nullable: true }) usedAt: Date | null = null;
  @Property({ type: 'timestamptz' }) expiresAt!: Date;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

/** An Ed25519 signing key; the private half sealed with AES-256-GCM. */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  [OptionalProps]?: 'createdAt' | 'retiredAt';
  @PrimaryKey({ type: 'text' }) kid!: string;
  @Property({ type: 'jsonb' }) publicJwk!: Record<string, string>;
  @Property({ type: 'text' }) privateJwkSealed!: string;
  /** `active` signs; `retiring` only verifies, for one access-token lifetime after `retiredAt`. */
  @Property({ type: 'text' }) status!: 'active' | 'retiring';
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) retiredAt: Date | null = null;
}

/**
 * Failed logins for one login (lower-case, whether or not an account has it) from one source
 * address (`throttleSource`): the login throttle. A success from that source deletes the row.
 */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottle {
  [PrimaryKeyProp]?: ['login', 'source'];
  @PrimaryKey({ type: 'text' }) login!: string;
  @PrimaryKey({ type: 'text' }) source!: string;
  /** Attempts since the last success or since the count was forgotten, the one in progress included. */
  @Property({ type: 'integer' }) failures!: number;
  @Property({ type: 'timestamptz' }) @Index() lastFailureAt!: Date;
  /** Attempts from this source are refused until then. */
  @Property({ type: 'timestamptz', nullable: true }) blockedUntil!: Date | null;
}

export const identityEntities = [Account, ApiClient, Session, RefreshToken, SigningKey, LoginThrottle];
