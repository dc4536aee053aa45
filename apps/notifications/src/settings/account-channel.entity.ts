import type { NotificationChannel } from '@citygrid/contracts/notifications';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An account's own addresses (ciphertext only: `FieldCipher`) and the channels it wants besides the inbox. */
@Entity({ tableName: 'account_channel' })
export class AccountChannel {
  @PrimaryKey({ type: 'text' }) accountId!: string;
  /** E-mail address, encrypted (context `account_channel.email`). */
  @Property({ type: 'text', nullable: true }) email!: string | null;
  /** Mobile number, encrypted (context `account_channel.phone`). */
  @Property({ type: 'text', nullable: true }) phone!: string | null;
  /** WeCom group robot URL, encrypted (context `account_channel.wecom`): it carries the robot's key. */
  @Property({ type: 'text', nullable: true }) wecom!: string | null;
  /** DingTalk group robot URL, encrypted (context `account_channel.dingtalk`). */
  @Property({ type: 'text', nullable: true }) dingtalk!: string | null;
  @Property({ type: 'text[]' }) channels!: NotificationChannel[];
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
