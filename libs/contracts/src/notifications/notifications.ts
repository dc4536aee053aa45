/** The notifications service: who is told what, the in-app inbox, delivery settings and deliveries. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsEnum, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';

/** The rules: what happened, and who is told. */
export enum NotificationRule {
  /** 派遣通知: a case was dispatched → the department's officers (or the grid's staff). */
  Dispatched = 'dispatched',
  /** 到期预警: a case is due within the warning's working hours → its handler. */
  DueSoon = 'due-soon',
  /** 超期提醒: a case ran out of time at a level → its handler and that level's operators. */
  Overdue = 'overdue',
  /** 升级通知: a case moved up a level → the operators of the level it reached. */
  Escalated = 'escalated',
  /** 退回通知: the handler returned a case → whoever dispatched it. */
  Returned = 'returned',
  /** 返工通知: verification failed → whoever dispatched it and the handler. */
  Reworked = 'reworked',
  /** 市级告警: a case ran out of time at the city → the city's operators and supervisors. */
  CityAlert = 'city-alert',
  /** 督办通知: a supervisor flagged a case → its handler. */
  Supervised = 'supervised',
  /** 未巡查提醒: a level-3 grid not patrolled by the configured hour of a working day → its leader and responsible person. */
  Unpatrolled = 'unpatrolled',
}

/** Channels a notification goes to besides the in-app inbox. */
export enum NotificationChannel {
  Email = 'email',
  Sms = 'sms',
  /** A WeCom (企业微信) group robot: the account's team chat. */
  WeCom = 'wecom',
  /** A DingTalk (钉钉) group robot. */
  DingTalk = 'dingtalk',
}

/** Where a delivery stands. */
export enum DeliveryStatus {
  /** Waiting for its first attempt or for its next retry (`nextAttemptAt`). */
  Pending = 'pending',
  /** Handed to the channel. */
  Sent = 'sent',
  /** Given up: refused for good by the channel, or out of attempts (`lastError` says why). */
  Failed = 'failed',
}

/** A rule of the catalogue (`GET /api/v1/notifications/rules`). */
export class NotificationRuleView {
  /** Stable key. */
  @ApiProperty({ enum: NotificationRule, enumName: 'NotificationRule' }) key!: NotificationRule;
  /** Chinese name. */
  @ApiProperty({ example: '升级通知' }) name!: string;
  /** English name. */
  @ApiProperty({ example: 'Escalated' }) nameEn!: string;
  /** What sets it off (event type, or the daily check). */
  @ApiProperty({ example: 'citygrid.case.escalated.v1' }) trigger!: string;
  /** Who is told. */
  @ApiProperty({ example: 'the operators of the level the case reached (an operator role scoped to that node)' }) recipients!: string;
  /** Whether this deployment runs it (`NOTIFY_RULES_OFF` lists the ones it does not). */
  @ApiProperty() enabled!: boolean;
}

/** One notification in an account's inbox. */
export class NotificationView {
  /** Notification id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The rule that raised it. */
  @ApiProperty({ enum: NotificationRule, enumName: 'NotificationRule' }) rule!: NotificationRule;
  /** Title, Chinese. */
  @ApiProperty({ example: '案件升级至街道：CM05-20261201-0007' }) title!: string;
  /** Text, Chinese: what happened and what to do; no personal data. */
  @ApiProperty({ example: '案件 CM05-20261201-0007（占道经营）超期未处置，已升级至本级平台，请及时处理。' }) body!: string;
  /** The case it is about, or null (an unpatrolled grid). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  /** Its case number, or null. */
  @ApiProperty({ type: String, nullable: true, example: 'CM05-20261201-0007' }) caseNumber!: string | null;
  /** The node it concerns: the case's level-3 grid, or the unpatrolled grid. */
  @ApiProperty({ example: '4101020050010101' }) nodeCode!: string;
  /** When it was raised. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** When its recipient marked it read, or null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

/** `GET /api/v1/me/notifications`: the caller's notifications, newest first. */
export class ListNotificationsQuery extends PagingQuery {
  /** Only the unread ones: `true` or `false` (a query string). */
  @ApiPropertyOptional({ type: String, enum: ['true', 'false'], default: 'false' })
  @Optional()
  @Type(() => String)
  @Matches(/^(true|false)$/, { message: 'unread must be true or false' })
  unread?: string;

  /** Only those of one rule. */
  @ApiPropertyOptional({ enum: NotificationRule, enumName: 'NotificationRule' })
  @Optional()
  @IsEnum(NotificationRule)
  rule?: NotificationRule;
}

/** The caller's inbox: a page of notifications and how many are unread in all. */
export class NotificationPageView {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  /** Notifications matching the query. */
  @ApiProperty() total!: number;
  /** Unread notifications of the caller, whatever the query. */
  @ApiProperty() unread!: number;
}

/** `POST /api/v1/me/notifications/read`: mark some (`ids`) or all (`all`) of the caller's notifications read. */
export class MarkNotificationsReadRequest {
  /** Notifications to mark (the caller's own; others are not found). */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 500 })
  @ValidateIf((o: MarkNotificationsReadRequest) => o.all !== true)
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids?: string[];

  /** Mark every unread notification of the caller. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  all?: boolean;
}

/** How many notifications a mark-read changed. */
export class MarkNotificationsReadView {
  @ApiProperty() marked!: number;
  /** Unread notifications of the caller afterwards. */
  @ApiProperty() unread!: number;
}

/** The caller's delivery settings (addresses masked). */
export class NotificationSettingsView {
  /** E-mail address, masked (`z***@example.org`), or null. */
  @ApiProperty({ type: String, nullable: true, example: 'z***@example.org' }) email!: string | null;
  /** Mobile number, masked (`138****5678`), or null. */
  @ApiProperty({ type: String, nullable: true, example: '138****5678' }) phone!: string | null;
  /** WeCom group robot, shown by its host only (the URL carries its key), or null. */
  @ApiProperty({ type: String, nullable: true, example: 'https://qyapi.weixin.qq.com/…' }) wecomWebhook!: string | null;
  /** DingTalk group robot, shown by its host only, or null. */
  @ApiProperty({ type: String, nullable: true, example: 'https://oapi.dingtalk.com/…' }) dingtalkWebhook!: string | null;
  /** Channels notifications go to besides the inbox. */
  @ApiProperty({ enum: NotificationChannel, enumName: 'NotificationChannel', isArray: true }) channels!: NotificationChannel[];
}

/** `PUT /api/v1/me/notification-settings`: the caller's own addresses and channels (stored encrypted). */
export class UpdateNotificationSettingsDto {
  /** E-mail address; null removes it. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254, example: 'zhang.wei@example.org' })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  /** Mainland mobile number (11 digits, 1 then 3-9); null removes it. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '13812345678' })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string | null;

  /** WeCom group robot webhook (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`); null removes it. Stored encrypted. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    pattern: '^https://qyapi\\.weixin\\.qq\\.com/cgi-bin/webhook/send\\?key=[A-Za-z0-9-]{8,64}$',
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a1b-4bc4-97a0-0ec2f1fa5a0e',
  })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @MaxLength(500)
  @Matches(/^https:\/\/qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?key=[A-Za-z0-9-]{8,64}$/, {
    message: 'wecomWebhook must be a WeCom group robot URL (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)',
  })
  wecomWebhook?: string | null;

  /** DingTalk group robot webhook (`https://oapi.dingtalk.com/robot/send?access_token=…`); null removes it. Stored encrypted. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    pattern: '^https://oapi\\.dingtalk\\.com/robot/send\\?access_token=[A-Za-z0-9]{16,128}$',
    example: 'https://oapi.dingtalk.com/robot/send?access_token=0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  })
  @Optional()
  @ValidateIf((_o, v) => v !== null)
  @MaxLength(500)
  @Matches(/^https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=[A-Za-z0-9]{16,128}$/, {
    message: 'dingtalkWebhook must be a DingTalk robot URL (https://oapi.dingtalk.com/robot/send?access_token=…)',
  })
  dingtalkWebhook?: string | null;

  /** Channels besides the inbox; each needs its address. */
  @ApiPropertyOptional({ enum: NotificationChannel, enumName: 'NotificationChannel', isArray: true })
  @Optional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(NotificationChannel, { each: true })
  channels?: NotificationChannel[];
}

/** One delivery of a notification on a channel (system administrator). */
export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty({ enum: NotificationRule, enumName: 'NotificationRule' }) rule!: NotificationRule;
  /** Recipient account id. */
  @ApiProperty() accountId!: string;
  @ApiProperty({ enum: NotificationChannel, enumName: 'NotificationChannel' }) channel!: NotificationChannel;
  /** Address, masked. */
  @ApiProperty({ example: '138****5678' }) address!: string;
  @ApiProperty({ enum: DeliveryStatus, enumName: 'DeliveryStatus' }) status!: DeliveryStatus;
  /** Attempts so far. */
  @ApiProperty() attempts!: number;
  /** Next attempt (pending), or null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  /** Why the last attempt failed, or null (never an address or a secret). */
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

/** `GET /api/v1/notifications/deliveries`: deliveries by status, newest first (system administrator). */
export class ListDeliveriesQuery extends PagingQuery {
  @ApiPropertyOptional({ enum: DeliveryStatus, enumName: 'DeliveryStatus' })
  @Optional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;
}

/** Payload of `citygrid.notification.raised.v1`: a notification was put in an account's inbox. No text, no address. */
export interface NotificationRaisedV1 {
  /** Notification id. */
  id: string;
  rule: NotificationRule;
  /** Recipient account id. */
  accountId: string;
  /** The case, or null. */
  caseId: string | null;
  /** The node it concerns. */
  nodeCode: string;
  /** Channels a delivery was queued on. */
  channels: NotificationChannel[];
}
