import { PagingQuery } from '../common/paging';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

import { IsRfc3339Date, IsRfc3339DateTime } from '../common/dates';

import { defineEvent } from '../common/cloudevent';
import type { Page, RpcDefinition } from '../common/rpc';
import { Optional } from '../common/optional';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';

/** The agenda of a daily stand-up 日碰头 for a node and a day. */
export class AgendaQuery {
  /** The node meeting (its subtree's cases are discussed). */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code' })
  node!: string;

  /** Day of the meeting (`YYYY-MM-DD`, city time); today when omitted. */
  @ApiPropertyOptional({ example: '2026-11-25' })
  @Optional()
  @IsRfc3339Date()
  date?: string;
}

/** A case on an agenda. */
export class AgendaItemView {
  /** Case id. */
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  /** Readable case number. */
  @ApiProperty() caseNumber!: string;
  /** Category code. */
  @ApiProperty() categoryCode!: string;
  /** Lifecycle state. */
  @ApiProperty() status!: string;
  /** Level-3 grid of the case. */
  @ApiProperty() gridCode!: string;
  /** Reported at. */
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
  /** The case's deadline, or null. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deadline!: string | null;
  /** The supervised 督办 deadline, or null when not supervised. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) supervisedDeadline!: string | null;
  /** Short description. */
  @ApiProperty() summary!: string;
}

/** The agenda: each case may appear in several sections. */
export class AgendaView {
  /** The node meeting. */
  @ApiProperty() node!: string;
  /** Day of the meeting. */
  @ApiProperty() date!: string;
  /** When the node last met before this day, or null (then `new` covers the day before). */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) since!: string | null;
  /** Cases reported since the last meeting. */
  @ApiProperty({ type: [AgendaItemView] }) new!: AgendaItemView[];
  /** Open cases past their (or their supervised) deadline. */
  @ApiProperty({ type: [AgendaItemView] }) overdue!: AgendaItemView[];
  /** Open cases escalated to this node. */
  @ApiProperty({ type: [AgendaItemView] }) escalated!: AgendaItemView[];
  /** Open cases under supervision 督办. */
  @ApiProperty({ type: [AgendaItemView] }) supervised!: AgendaItemView[];
  /** Open cases returned 退回 by a department. */
  @ApiProperty({ type: [AgendaItemView] }) returned!: AgendaItemView[];
}

/** The decision a stand-up took on one case. */
export class StandupDecisionDto {
  /** The case. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;

  /** What will be done. */
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  plan!: string;

  /** Who does it (name, unit or staff id). */
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  owner!: string;

  /** By when (`YYYY-MM-DD`). */
  @ApiProperty({ example: '2026-11-27' })
  @IsRfc3339Date()
  dueDate!: string;
}

/** Record a stand-up meeting. */
export class RecordStandupDto {
  /** The node that met. */
  @ApiProperty({ example: '410102005001' })
  @Matches(NODE_CODE_PATTERN, { message: 'node must be a node code' })
  node!: string;

  /** Day (`YYYY-MM-DD`). */
  @ApiProperty({ example: '2026-11-25' })
  @IsRfc3339Date()
  date!: string;

  /** When it was held; now when omitted (the next agenda's `new` starts here). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsRfc3339DateTime()
  heldAt?: string;

  /** Who attended (names or units). */
  @ApiProperty({ type: [String], example: ['王主任', '城管中队'] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  attendees!: string[];

  /** One decision per case discussed. */
  @ApiProperty({ type: [StandupDecisionDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StandupDecisionDto)
  decisions!: StandupDecisionDto[];

  /** Minutes. */
  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

/** A recorded stand-up. */
export class StandupView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The node that met. */
  @ApiProperty() node!: string;
  /** Codes from the city down to the node. */
  @ApiProperty({ type: [String] }) nodePath!: string[];
  /** Day. */
  @ApiProperty() date!: string;
  /** Held at. */
  @ApiProperty({ format: 'date-time' }) heldAt!: string;
  /** Attendees. */
  @ApiProperty({ type: [String] }) attendees!: string[];
  /** Decisions. */
  @ApiProperty({ type: [StandupDecisionDto] }) decisions!: StandupDecisionDto[];
  /** Minutes, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  /** Who recorded it (account name). */
  @ApiProperty() recordedBy!: string;
  /** Recorded at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Filters for listing stand-ups. */
export class ListStandupsQuery extends PagingQuery {
  /** Only stand-ups of nodes under this node (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** Identifies a stand-up. */
export class StandupIdRequest {
  /** Stand-up id (UUID). */
  @IsUUID()
  id!: string;
}

/** RPC patterns of stand-ups (ticketing). */
export const StandupsRpc = {
  standupAgenda: 'ticketing.standup.agenda',
  standupRecord: 'ticketing.standup.record',
  standupGet: 'ticketing.standup.get',
  standupList: 'ticketing.standup.list',
} as const;

/** Typed map: pattern → request payload and response. */
export type StandupsRpcMap = {
  'ticketing.standup.agenda': RpcDefinition<AgendaQuery, AgendaView>;
  'ticketing.standup.record': RpcDefinition<RecordStandupDto, StandupView>;
  'ticketing.standup.get': RpcDefinition<StandupIdRequest, StandupView>;
  'ticketing.standup.list': RpcDefinition<ListStandupsQuery, Page<StandupView>>;
};

/** Payload of `citygrid.standup.recorded.v1`. Attendee names stay in the service. */
export interface StandupRecordedV1 {
  /** Stand-up id. */
  id: string;
  /** The node that met. */
  node: string;
  /** Codes from the city down to the node. */
  path: string[];
  /** Day. */
  date: string;
  /** Cases decided on. */
  caseIds: string[];
}

/** Events of stand-ups. */
export const StandupEvents = {
  standupRecorded: defineEvent<StandupRecordedV1>({
    service: 'ticketing',
    aggregate: 'standup',
    event: 'recorded',
    version: 1,
    summary: 'A daily stand-up 日碰头 was recorded with a decision per case.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        node: { type: 'string' },
        path: { type: 'array', items: { type: 'string' }, description: 'Codes from the city down to the node.' },
        date: { type: 'string', format: 'date' },
        caseIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
      },
      required: ['id', 'node', 'path', 'date', 'caseIds'],
    },
  }),
} as const;
