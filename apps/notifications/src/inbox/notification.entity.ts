import type { NotificationRule } from '@citygrid/contracts/notifications';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One notification in one account's inbox. `occurrence` names what it is about (a case and the
 * step of its story: `case:<id>:level:3`, or `grid:<code>:<day>`): one notification per rule,
 * occurrence and recipient, however often the event that raised it is delivered.
 */
@Entity({ tableName: 'notification' })
@Unique({ name: 'notification_once', properties: ['rule', 'occurrence', 'accountId'] })
export class Notification {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) rule!: NotificationRule;
  @Property({ type: 'text' }) occurrence!: string;
  @Property({ type: 'text' }) accountId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) body!: string;
  @Property({ type: 'uuid', nullable: true }) caseId!: string | null;
  @Property({ type: 'text', nullable: true }) caseNumber!: string | null;
  @Property({ type: 'text' }) nodeCode!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) readAt!: Date | null;
}
