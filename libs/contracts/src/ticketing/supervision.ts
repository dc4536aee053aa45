import { PagingQuery } from '../common/paging';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

import { IsRfc3339DateTime } from '../common/dates';

import { defineEvent, type JsonSchema } from '../common/cloudevent';
import type { Page, RpcDefinition } from '../common/rpc';
import { Optional } from '../common/optional';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';

/** Flag a case 督办: it gets a tighter deadline and shows on every stand-up agenda above it. */
export class FlagCaseDto {
  /** The case. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;

  /** The supervised deadline (ISO 8601 date-time, in the future). */
  @ApiProperty({ format: 'date-time', example: '2026-11-27T18:00:00+08:00' })
  @IsRfc3339DateTime()
  deadline!: string;

  /** Why the case is supervised and what is expected. */
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  note!: string;
}

/** A supervision flag on a case. */
export class SupervisionFlagView {
  /** Flag id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The case. */
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  /** Grid code of the case. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city down to the case's grid. */
  @ApiProperty({ type: [String] }) gridPath!: string[];
  /** The supervised deadline. */
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  /** The case's own deadline when it was flagged, or null (not yet dispatched). */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) caseDeadline!: string | null;
  /** Note. */
  @ApiProperty() note!: string;
  /** Who flagged it (account name). */
  @ApiProperty() flaggedBy!: string;
  /** Flagged at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Severity of an inspection finding. */
export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
/** Severity of an inspection finding. */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** One finding of a grid inspection. */
export class FindingDto {
  /** What was found. */
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  text!: string;

  /** How serious. */
  @ApiProperty({ enum: FINDING_SEVERITIES })
  @IsIn(FINDING_SEVERITIES)
  severity!: FindingSeverity;
}

/** Record a grid inspection 督查 with its findings. */
export class RecordInspectionDto {
  /** Grid (any node) inspected. */
  @ApiProperty({ example: '4101020050010101' })
  @Matches(NODE_CODE_PATTERN, { message: 'gridCode must be a node code' })
  gridCode!: string;

  /** When it took place; now when omitted. */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsRfc3339DateTime()
  inspectedAt?: string;

  /** Findings (may be empty: nothing found). */
  @ApiProperty({ type: [FindingDto] })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings!: FindingDto[];
}

/** A recorded inspection. */
export class InspectionView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Node inspected. */
  @ApiProperty() gridCode!: string;
  /** Codes from the city down to it. */
  @ApiProperty({ type: [String] }) gridPath!: string[];
  /** Inspected at. */
  @ApiProperty({ format: 'date-time' }) inspectedAt!: string;
  /** Findings. */
  @ApiProperty({ type: [FindingDto] }) findings!: FindingDto[];
  /** Inspector (account name). */
  @ApiProperty() inspector!: string;
  /** Recorded at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Filters for flags and inspections. */
export class ListSupervisionQuery extends PagingQuery {
  /** Only under this node (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** Flags only: of this case. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  caseId?: string;
}

/** Identifies a flag or an inspection. */
export class SupervisionIdRequest {
  /** Id (UUID). */
  @IsUUID()
  id!: string;
}

/** RPC patterns of supervision (ticketing). */
export const SupervisionRpc = {
  flagCreate: 'ticketing.supervision.flag',
  flagGet: 'ticketing.supervision.flag-get',
  flagList: 'ticketing.supervision.flag-list',
  inspectionRecord: 'ticketing.inspection.record',
  inspectionGet: 'ticketing.inspection.get',
  inspectionList: 'ticketing.inspection.list',
} as const;

/** Typed map: pattern → request payload and response. */
export type SupervisionRpcMap = {
  'ticketing.supervision.flag': RpcDefinition<FlagCaseDto, SupervisionFlagView>;
  'ticketing.supervision.flag-get': RpcDefinition<SupervisionIdRequest, SupervisionFlagView>;
  'ticketing.supervision.flag-list': RpcDefinition<ListSupervisionQuery, Page<SupervisionFlagView>>;
  'ticketing.inspection.record': RpcDefinition<RecordInspectionDto, InspectionView>;
  'ticketing.inspection.get': RpcDefinition<SupervisionIdRequest, InspectionView>;
  'ticketing.inspection.list': RpcDefinition<ListSupervisionQuery, Page<InspectionView>>;
};

/** Payload of `citygrid.supervision.flagged.v1`. */
export interface CaseSupervisedV1 {
  /** Flag id. */
  id: string;
  /** The case. */
  caseId: string;
  /** Grid code of the case. */
  gridCode: string;
  /** Codes from the city down to the case's grid. */
  path: string[];
  /** The supervised deadline. */
  deadline: string;
}

/** Payload of `citygrid.inspection.recorded.v1`. */
export interface InspectionRecordedV1 {
  /** Inspection id. */
  id: string;
  /** Node inspected. */
  gridCode: string;
  /** Codes from the city down to it. */
  path: string[];
  /** Number of findings per severity. */
  findings: Record<FindingSeverity, number>;
  /** When the inspection took place (it may be recorded later): the day it counts on. Absent on events published before it was added. */
  inspectedAt?: string;
}

const path: JsonSchema = { type: 'array', items: { type: 'string' }, description: 'Codes from the city down to the grid; filter by area with it.' };

/** Events of supervision. */
export const SupervisionEvents = {
  caseSupervised: defineEvent<CaseSupervisedV1>({
    service: 'ticketing',
    aggregate: 'supervision',
    event: 'flagged',
    version: 1,
    summary: 'A supervisor flagged a case 督办 with a tighter deadline.',
    schema: {
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid' }, caseId: { type: 'string', format: 'uuid' }, gridCode: { type: 'string' }, path, deadline: { type: 'string', format: 'date-time' } },
      required: ['id', 'caseId', 'gridCode', 'path', 'deadline'],
    },
  }),
  inspectionRecorded: defineEvent<InspectionRecordedV1>({
    service: 'ticketing',
    aggregate: 'inspection',
    event: 'recorded',
    version: 1,
    summary: 'A supervisor recorded a grid inspection 督查; counts of findings per severity (the texts stay in the service).',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        gridCode: { type: 'string' },
        path,
        findings: { type: 'object', properties: { low: { type: 'integer' }, medium: { type: 'integer' }, high: { type: 'integer' } }, required: ['low', 'medium', 'high'] },
        inspectedAt: {
          type: 'string',
          format: 'date-time',
          description: 'When the inspection took place (it may be recorded later): the day it counts on. Absent on events published before it was added.',
        },
      },
      required: ['id', 'gridCode', 'path', 'findings'],
    },
  }),
} as const;
