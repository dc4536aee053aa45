import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

import { NODE_CODE_PATTERN } from '../common/node-code';
import { Optional } from '../common/optional';
import { PagingQuery } from '../common/paging';
import { SERVICE_CENTRES } from './centres';
import type { ServiceCentre, ServiceRequestState, ServiceRequestV1 } from './events';

/** States of a service request, in order. */
export const SERVICE_REQUEST_STATES: readonly ServiceRequestState[] = ['received', 'assigned', 'in_progress', 'closed', 'cancelled'];

/** States in which a request is still open (its time limit runs). */
export const OPEN_SERVICE_REQUEST_STATES: readonly ServiceRequestState[] = ['received', 'assigned', 'in_progress'];

/** How the request came in. */
export type ServiceRequestChannel = 'walk_in' | 'phone' | 'grid_staff' | 'app';
export const SERVICE_REQUEST_CHANNELS: readonly ServiceRequestChannel[] = ['walk_in', 'phone', 'grid_staff', 'app'];

/** The resident's satisfaction at closing. */
export type Satisfaction = NonNullable<ServiceRequestV1['satisfaction']>;
export const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

/** Steps of a service request's workflow. */
export type ServiceRequestAction = 'assign' | 'start' | 'note' | 'close' | 'cancel';

/**
 * `POST /api/v1/community-services/requests`: a resident asks a centre for a service. The resident
 * is either a registered one (`residentId`, read from grid-registry as the caller: her grid is the
 * request's node) or given by name and phone (then `nodeCode` is required).
 */
export class CreateServiceRequestDto {
  /** The centre asked (in the caller's area, open). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  centreId!: string;

  /** Request type code of the centre's catalogue (not retired). */
  @ApiProperty({ example: 'repair' })
  @IsString()
  @MaxLength(50)
  typeCode!: string;

  /** What the resident asks for. */
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description!: string;

  /** A resident of the registry (grid-registry id); or give `residentName` and `residentPhone`. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  residentId?: string;

  /** The resident's name, when not registered. */
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  residentName?: string;

  /** The resident's mobile (stored encrypted, shown masked to callers without personal-data rights). */
  @ApiPropertyOptional({ example: '13812345678' })
  @Optional()
  @IsString()
  @Matches(/^1[3-9]\d{9}$/, { message: 'residentPhone must be a mainland mobile number (11 digits)' })
  residentPhone?: string;

  /** Node of the request: required without `residentId`; with one, the resident's grid is used and this must be left out or equal it. */
  @ApiPropertyOptional({ example: '41010200500101' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode?: string;

  /** How the request came in. */
  @ApiProperty({ enum: SERVICE_REQUEST_CHANNELS })
  @IsIn(SERVICE_REQUEST_CHANNELS)
  channel!: ServiceRequestChannel;
}

/** `POST …/requests/{id}/assign`: give it to a member of the centre's staff (operators). */
export class AssignServiceRequestDto {
  /** Account id of the staff member. */
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  assigneeId!: string;

  /** A note for the assignee. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** `POST …/requests/{id}/start` (assignee) or `…/notes`: a note on the handling. */
export class ServiceRequestNoteDto {
  /** The note. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

/** `POST …/requests/{id}/notes`: a note while handling. */
export class AddServiceRequestNoteDto {
  /** The note. */
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note!: string;
}

/** `POST …/requests/{id}/close`: handled; the resident's satisfaction, required when the type asks for it. */
export class CloseServiceRequestDto {
  /** The resident's satisfaction. */
  @ApiPropertyOptional({ enum: SATISFACTIONS })
  @Optional()
  @IsIn(SATISFACTIONS)
  satisfaction?: Satisfaction;

  /** What was done. */
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** `POST …/requests/{id}/cancel`: withdrawn or cancelled (operators), with the reason. */
export class CancelServiceRequestDto {
  /** Why. */
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  /** `true`: the resident withdrew it (撤回); left out or `false`: the centre cancelled it. */
  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  withdrawn?: boolean;
}

/** RPC payloads of the steps: the id and the body. */
export class AssignServiceRequestRequest extends AssignServiceRequestDto {
  /** Request id. */
  @IsUUID()
  id!: string;
}

export class StartServiceRequestRequest extends ServiceRequestNoteDto {
  /** Request id. */
  @IsUUID()
  id!: string;
}

export class NoteServiceRequestRequest extends AddServiceRequestNoteDto {
  /** Request id. */
  @IsUUID()
  id!: string;
}

export class CloseServiceRequestRequest extends CloseServiceRequestDto {
  /** Request id. */
  @IsUUID()
  id!: string;
}

export class CancelServiceRequestRequest extends CancelServiceRequestDto {
  /** Request id. */
  @IsUUID()
  id!: string;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters of the request lists (always within the caller's area), newest first. */
export class ListServiceRequestsQuery extends PagingQuery {
  /** Only requests to this centre. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  centreId?: string;

  /** Only requests to centres of this kind. */
  @ApiPropertyOptional({ enum: SERVICE_CENTRES })
  @Optional()
  @IsIn(SERVICE_CENTRES)
  centre?: ServiceCentre;

  /** Only requests of this type code. */
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(50)
  typeCode?: string;

  /** Only requests in this state. */
  @ApiPropertyOptional({ enum: SERVICE_REQUEST_STATES })
  @Optional()
  @IsIn(SERVICE_REQUEST_STATES)
  state?: ServiceRequestState;

  /** `true`: only open requests past their due time; `false`: only the others. */
  @ApiPropertyOptional({ type: Boolean })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  /** Only requests at this node or beneath it. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** One entry of a request's history. */
export class ServiceRequestStepView {
  /** What happened: `received`, `assign`, `start`, `note`, `close`, `cancel`. */
  @ApiProperty() action!: string;
  /** Who. */
  @ApiProperty() by!: string;
  /** When. */
  @ApiProperty({ format: 'date-time' }) at!: string;
  /** The note, reason or assignee given, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
}

/** A service request. */
export class ServiceRequestView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Centre id. */
  @ApiProperty({ format: 'uuid' }) centreId!: string;
  /** Which centre. */
  @ApiProperty({ enum: SERVICE_CENTRES }) centre!: ServiceCentre;
  /** Request type code. */
  @ApiProperty() typeCode!: string;
  /** Request type name. */
  @ApiProperty() typeName!: string;
  /** What was asked. */
  @ApiProperty() description!: string;
  /** State. */
  @ApiProperty({ enum: SERVICE_REQUEST_STATES }) state!: ServiceRequestState;
  /** Registered resident, or null. */
  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String }) residentId!: string | null;
  /** The resident's name, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) residentName!: string | null;
  /** The resident's mobile, full or masked (`138****5678`), or null. */
  @ApiPropertyOptional({ nullable: true, type: String, example: '138****5678' }) residentPhone!: string | null;
  /** True when `residentPhone` is masked for this caller. */
  @ApiProperty() masked!: boolean;
  /** Node of the request (the resident's grid or the node given). */
  @ApiProperty() nodeCode!: string;
  /** Codes from the city down to `nodeCode`. */
  @ApiProperty({ type: [String] }) path!: string[];
  /** How it came in. */
  @ApiProperty({ enum: SERVICE_REQUEST_CHANNELS }) channel!: ServiceRequestChannel;
  /** Account id of the assignee, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) assigneeId!: string | null;
  /** Received at. */
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  /** Due by (the type's time limit), or null. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) dueAt!: string | null;
  /** Open and past `dueAt`. */
  @ApiProperty() overdue!: boolean;
  /** Started at, or null. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  /** Closed or cancelled at, or null. */
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  /** The resident's satisfaction, or null. */
  @ApiPropertyOptional({ nullable: true, enum: SATISFACTIONS }) satisfaction!: Satisfaction | null;
  /** Cancellation reason, or null. */
  @ApiPropertyOptional({ nullable: true, type: String }) cancelReason!: string | null;
  /** Cancelled because the resident withdrew it. */
  @ApiProperty() withdrawn!: boolean;
  /** History, oldest first. */
  @ApiProperty({ type: [ServiceRequestStepView] }) steps!: ServiceRequestStepView[];
}

/** Filters of the figures. */
export class ServiceFiguresQuery {
  /** Only this centre. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  centreId?: string;

  /** Only requests at this node or beneath it. */
  @ApiPropertyOptional({ example: '410102005' })
  @Optional()
  @IsString()
  @Matches(NODE_CODE_PATTERN, { message: 'under must be a node code' })
  under?: string;
}

/** Figures of one centre over the requests in the caller's area. */
export class CentreFiguresView {
  /** Centre id. */
  @ApiProperty({ format: 'uuid' }) centreId!: string;
  /** Which centre. */
  @ApiProperty({ enum: SERVICE_CENTRES }) centre!: ServiceCentre;
  /** Centre name. */
  @ApiProperty() name!: string;
  /** Node running the centre. */
  @ApiProperty() nodeCode!: string;
  /** Requests received. */
  @ApiProperty() received!: number;
  /** Closed. */
  @ApiProperty() closed!: number;
  /** Closed by their due time (or without one). */
  @ApiProperty() onTime!: number;
  /** Cancelled. */
  @ApiProperty() cancelled!: number;
  /** Open and past their due time. */
  @ApiProperty() overdue!: number;
  /** Closed satisfied. */
  @ApiProperty() satisfied!: number;
  /** Closed basically satisfied. */
  @ApiProperty() basicallySatisfied!: number;
  /** Closed dissatisfied. */
  @ApiProperty() dissatisfied!: number;
}

/** Payload of `citygrid.service-request.noted.v1`: never the note's text (it may name people). */
export interface ServiceRequestNotedV1 {
  id: string;
  centre: ServiceCentre;
  typeCode: string;
  state: ServiceRequestState;
  nodeCode: string;
  path: string[];
  by: string;
}
