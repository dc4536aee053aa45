import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsUUID, Matches } from 'class-validator';

import { Optional } from './optional';
import { PagingQuery } from './paging';

/**
 * Services that run durable event consumers. Each keeps the events its consumers gave up on (after
 * the maximum deliveries, or at once for a message that is no event at all) in its own
 * `dead_letter` table, and answers `<service>.dead-letter.list` and `<service>.dead-letter.replay`.
 */
export enum DeadLetterSource {
  /** Staff assignments from grid-registry, which move the node scope of linked accounts (consumer `identity`). */
  Identity = 'identity',
  /** Case, patrol and visit events of ticketing (consumer `reporting`) and grid events (consumer `reporting-grid`), which build the figures. */
  Reporting = 'reporting',
  /** Ticketing's events (consumer `notifications`), identity's account events (`notifications-account`) and grid events (`notifications-grid`), which raise the notifications and keep their directory. */
  Notifications = 'notifications',
}

/** A JetStream durable consumer name: 1-64 letters, digits, `_` or `-`. */
export const CONSUMER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Filters of one service's dead letters (`<service>.dead-letter.list`), oldest first. System administrator only. */
export class ListDeadLettersQuery extends PagingQuery {
  /** Only letters of this durable consumer (e.g. `identity`). */
  @ApiPropertyOptional({ example: 'identity', pattern: CONSUMER_NAME_PATTERN.source })
  @Optional()
  @Matches(CONSUMER_NAME_PATTERN, { message: 'consumer must be a consumer name (1-64 letters, digits, "_" or "-")' })
  consumer?: string;

  /** `true`: also the letters replayed already; by default only those still waiting for an operator. */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @Optional()
  @IsIn(['true', 'false'], { message: 'includeReplayed must be true or false' })
  includeReplayed?: 'true' | 'false';
}

/** The `source` query parameter of the ops endpoints, the same on each. */
function SourceField(): PropertyDecorator {
  const decorators = [
    ApiPropertyOptional({ enum: DeadLetterSource, enumName: 'DeadLetterSource', default: DeadLetterSource.Identity }),
    Optional(),
    IsEnum(DeadLetterSource, { message: `source must be one of: ${Object.values(DeadLetterSource).join(', ')}` }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** Whose dead letters: each service with consumers keeps its own. */
export class DeadLetterSourceQuery {
  /** The service whose consumers gave up on the event (default `identity`). */
  @SourceField()
  source?: DeadLetterSource;
}

/** `GET /api/v1/ops/dead-letters`: the filters, and whose letters to read. */
export class DeadLettersQuery extends ListDeadLettersQuery {
  /** The service whose consumers gave up on the event (default `identity`). */
  @SourceField()
  source?: DeadLetterSource;
}

/** Names one dead letter (`<service>.dead-letter.replay`). */
export class DeadLetterIdRequest {
  /** Dead letter id (UUID). */
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

/**
 * The CloudEvent a dead letter holds, as an operator sees it. Personal data may be anywhere in an
 * event's `data` (a staff member's name, a reporter's phone), so `data` keeps only values that
 * cannot be personal as they are: ids (UUIDs), node codes, numbers, booleans, times and lower-case
 * codes (roles, kinds, types). Every other text keeps its first character (`张*`), ID numbers and
 * phones are masked as everywhere (`410102********1234`, `138****5678`), and credentials, ciphertext
 * and keyed hashes are `[removed]`. The full event stays in the service's table for a replay.
 */
export class DeadLetterEventView {
  /** Event id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Emitting service, `/citygrid/<service>`. */
  @ApiProperty({ example: '/citygrid/grid-registry' }) source!: string;
  /** CloudEvents type. */
  @ApiProperty({ example: 'citygrid.staff.assigned.v1' }) type!: string;
  /** Aggregate id the event is about. */
  @ApiProperty() subject!: string;
  /** When the change happened. */
  @ApiProperty({ format: 'date-time' }) time!: string;
  /** Request id of the request that caused the event, or null. */
  @ApiPropertyOptional({ type: String, nullable: true }) correlationid!: string | null;
  /** The payload, masked (see above). */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data!: unknown;
}

/** An event a consumer gave up on: why, after how many deliveries, and whether it was replayed. */
export class DeadLetterView {
  /** Dead letter id: what `POST /api/v1/ops/dead-letters/{id}/replay` takes. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Durable consumer that gave up. */
  @ApiProperty({ example: 'identity' }) consumer!: string;
  /** NATS subject the message arrived on (with the deployment's prefix). */
  @ApiProperty({ example: 'citygrid.grid-registry.staff.assigned' }) subject!: string;
  /** Event id, or null when the message was no event. */
  @ApiPropertyOptional({ type: String, nullable: true }) eventId!: string | null;
  /** CloudEvents type, or null when the message was no event. */
  @ApiPropertyOptional({ type: String, nullable: true }) type!: string | null;
  /**
   * True when the message could not be read as a CloudEvent (poison): it was dead-lettered at
   * once, cannot be replayed, and its body is not shown (it may hold anything).
   */
  @ApiProperty() poison!: boolean;
  /** The event, masked; null for a poison message. */
  @ApiPropertyOptional({ type: DeadLetterEventView, nullable: true }) event!: DeadLetterEventView | null;
  /** The handler's last error (ID numbers and phones in it masked). */
  @ApiProperty() error!: string;
  /** Deliveries made before giving up. */
  @ApiProperty({ example: 5 }) deliveries!: number;
  /** When the consumer gave up. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** When an operator replayed it successfully (the first time), or null while it waits. */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) replayedAt!: string | null;
}

/** Outcome of a replay that went through. */
export class DeadLetterReplayView {
  /**
   * True when the event was applied now; false when the consumer had applied it already (a second
   * replay, or a delivery that succeeded after all): it is never applied twice.
   */
  @ApiProperty() applied!: boolean;
  /** The letter, now marked replayed. */
  @ApiProperty({ type: DeadLetterView }) deadLetter!: DeadLetterView;
}
