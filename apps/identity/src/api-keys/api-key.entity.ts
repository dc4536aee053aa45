import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * An Open311 API key of an API client, kept only as the SHA-256 of the key. A client may hold
 * several active keys at once (rotation: issue the new one, switch over, revoke the old one).
 */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The API client's internal id (`api_client.id`). */
  @Property({ type: 'uuid' }) @Index() clientId!: string;
  /** Public start of the key (`cgk_` and 12 hex digits): identifies it, grants nothing. */
  @Property({ type: 'text' }) @Unique() prefix!: string;
  /** Hex SHA-256 of the whole key. */
  @Property({ type: 'text', lazy: true }) @Unique() keyHash!: string;
  @Property({ type: 'text' }) label!: string;
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) lastUsedAt: Date | null = null;
  @Property({ type: 'timestamptz', nullable: true }) revokedAt: Date | null = null;
}
