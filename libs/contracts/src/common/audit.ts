import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, Matches, MaxLength } from 'class-validator';

import { IsRfc3339DateTime } from './dates';
import { NODE_CODE_PATTERN } from './node-code';
import { Optional } from './optional';
import { PagingQuery } from './paging';

/** One entry of the append-only audit trail: who changed what, when, before and after (personal data masked). */
export class AuditEntryView {
  /** Sequence number (grows with time). */
  @ApiProperty({ example: '42' }) id!: string;
  /** When. */
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** Account or client id of the actor, or `system`. */
  @ApiProperty() actorId!: string;
  /** Actor's display name. */
  @ApiProperty() actorName!: string;
  /** Actor's roles at the time. */
  @ApiProperty({ type: [String] }) actorRoles!: string[];
  /** What happened: the event type, e.g. `citygrid.resident.registered.v1`. */
  @ApiProperty({ example: 'citygrid.resident.registered.v1' }) action!: string;
  /** Kind of entity (`grid`, `staff`, `place`, `resident`, ...). */
  @ApiProperty({ example: 'resident' }) entityType!: string;
  /** Entity id or code. */
  @ApiProperty() entityId!: string;
  /** Codes from the root to the node the entity belongs to (empty when it belongs to none). */
  @ApiProperty({ type: [String] }) nodePath!: string[];
  /** State before (null for creations). */
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) before!: Record<string, unknown> | null;
  /** State after. */
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) after!: Record<string, unknown> | null;
  /** Request id of the request that caused it. */
  @ApiPropertyOptional({ nullable: true, type: String }) correlationId!: string | null;
}

/** Filters for the audit trail (always within the caller's subtree), newest first. */
export class ListAuditQuery extends PagingQuery {
  /** Only entities of this type. */
  @ApiPropertyOptional({ example: 'resident' })
  @Optional()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'entityType must be a lowercase name' })
  entityType?: string;

  /** Only this entity (id or code). */
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  /** Only changes by this actor. */
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  /** Only entries under this node code. */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** From (inclusive, ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsRfc3339DateTime()
  from?: string;

  /** To (exclusive, ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsRfc3339DateTime()
  to?: string;
}

/** Services that keep an audit trail, each of its own changes. */
export enum AuditSource {
  /** The tree, staff, departments, places and residents. */
  GridRegistry = 'grid-registry',
  /** Cases, field work (patrols, visits, stand-ups, supervision, campaigns), the calendar and the category tree. */
  Ticketing = 'ticketing',
  /** Accounts, API clients, sessions and signing keys. */
  Identity = 'identity',
  /** Rebuilds of the read models. */
  Reporting = 'reporting',
}

/** `GET /api/v1/audit`: the filters, and whose trail to read. */
export class AuditTrailQuery extends ListAuditQuery {
  /** Whose trail: each service keeps its own (default `grid-registry`). */
  @ApiPropertyOptional({ enum: AuditSource, enumName: 'AuditSource', default: AuditSource.GridRegistry })
  @Optional()
  @IsEnum(AuditSource, { message: `source must be one of: ${Object.values(AuditSource).join(', ')}` })
  source?: AuditSource;
}
