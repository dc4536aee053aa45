import { PagingQuery } from '../common/paging';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';

import { IsRfc3339DateTime } from '../common/dates';

import { defineEvent } from '../common/cloudevent';
import type { Page, RpcDefinition } from '../common/rpc';
import { Optional } from '../common/optional';
import { NODE_CODE_PATTERN } from '../grid-registry/nodes';
import { CATEGORY_CODE_PATTERN } from './cases';

/**
 * Start a campaign 专项整治: a named, time-boxed drive over an area and a set of categories. Cases
 * reported in its area, in one of its categories (or beneath one), between `startsAt` and `endsAt`
 * belong to it.
 */
export class CreateCampaignDto {
  /** Name. */
  @ApiProperty({ example: '占道经营专项整治', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Node whose subtree the campaign covers (the caller's node or beneath it). */
  @ApiProperty({ example: '410102005' })
  @Matches(NODE_CODE_PATTERN, { message: 'areaCode must be a node code' })
  areaCode!: string;

  /** Category codes covered; sub-classes of a listed class are covered too. */
  @ApiProperty({ type: [String], example: ['CM', 'SJ0201'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CATEGORY_CODE_PATTERN, { each: true, message: 'each categoryCode must be a category code (e.g. CM or CM05)' })
  categoryCodes!: string[];

  /** Start (ISO 8601 date-time). */
  @ApiProperty({ format: 'date-time', example: '2026-11-01T00:00:00+08:00' })
  @IsRfc3339DateTime()
  startsAt!: string;

  /** End (ISO 8601 date-time, after `startsAt`). */
  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:59:59+08:00' })
  @IsRfc3339DateTime()
  endsAt!: string;
}

/** A campaign. */
export class CampaignView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Area node code. */
  @ApiProperty() areaCode!: string;
  /** Codes from the city down to the area node. */
  @ApiProperty({ type: [String] }) areaPath!: string[];
  /** Category codes covered. */
  @ApiProperty({ type: [String] }) categoryCodes!: string[];
  /** Start. */
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  /** End. */
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  /** Who started it (account name). */
  @ApiProperty() createdBy!: string;
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Progress of a campaign, computed when asked (nothing of it is stored). */
export class CampaignProgressView {
  /** The campaign. */
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  /** Cases found: reported in its area, categories and period. */
  @ApiProperty() found!: number;
  /** Of those, closed 结案. */
  @ApiProperty() closed!: number;
  /** Of those, open and past their deadline now. */
  @ApiProperty() overdue!: number;
  /** Closure rate 办结率 = closed / found, 0 … 1, 4 decimals; null when nothing was found. */
  @ApiPropertyOptional({ nullable: true, type: Number, example: 0.9922 }) closureRate!: number | null;
  /** When computed. */
  @ApiProperty({ format: 'date-time' }) asOf!: string;
}

/** Filters for listing campaigns. */
export class ListCampaignsQuery extends PagingQuery {
  /** Only campaigns whose area lies under this node (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;

  /** `active`: running now; `all` (default). */
  @ApiPropertyOptional({ enum: ['active', 'all'] })
  @Optional()
  @IsIn(['active', 'all'])
  status?: 'active' | 'all';
}

/** Identifies a campaign. */
export class CampaignIdRequest {
  /** Campaign id (UUID). */
  @IsUUID()
  id!: string;
}

/** RPC patterns of campaigns (ticketing). */
export const CampaignsRpc = {
  campaignCreate: 'ticketing.campaign.create',
  campaignGet: 'ticketing.campaign.get',
  campaignList: 'ticketing.campaign.list',
  campaignProgress: 'ticketing.campaign.progress',
} as const;

/** Typed map: pattern → request payload and response. */
export type CampaignsRpcMap = {
  'ticketing.campaign.create': RpcDefinition<CreateCampaignDto, CampaignView>;
  'ticketing.campaign.get': RpcDefinition<CampaignIdRequest, CampaignView>;
  'ticketing.campaign.list': RpcDefinition<ListCampaignsQuery, Page<CampaignView>>;
  'ticketing.campaign.progress': RpcDefinition<CampaignIdRequest, CampaignProgressView>;
};

/** Payload of `citygrid.campaign.created.v1`. */
export interface CampaignCreatedV1 {
  /** Campaign id. */
  id: string;
  /** Name. */
  name: string;
  /** Area node code. */
  areaCode: string;
  /** Codes from the city down to the area node. */
  path: string[];
  /** Category codes covered. */
  categoryCodes: string[];
  /** Start. */
  startsAt: string;
  /** End. */
  endsAt: string;
}

/** Events of campaigns. */
export const CampaignEvents = {
  campaignCreated: defineEvent<CampaignCreatedV1>({
    service: 'ticketing',
    aggregate: 'campaign',
    event: 'created',
    version: 1,
    summary: 'A campaign 专项整治 over an area and a set of categories was started.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        areaCode: { type: 'string' },
        path: { type: 'array', items: { type: 'string' }, description: 'Codes from the city down to the area node.' },
        categoryCodes: { type: 'array', items: { type: 'string' } },
        startsAt: { type: 'string', format: 'date-time' },
        endsAt: { type: 'string', format: 'date-time' },
      },
      required: ['id', 'name', 'areaCode', 'path', 'categoryCodes', 'startsAt', 'endsAt'],
    },
  }),
} as const;
