import { PagingQuery } from '../common/paging';
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

import { DepartmentKind, StaffRole } from './enums';
import { NODE_CODE_PATTERN } from './nodes';

/** Register a staff member (grid staff, operators, supervisors). Contact data comes with identity management. */
export class CreateStaffDto {
  /** Full name. */
  @ApiProperty({ example: '张伟', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  /** Employee number, unique when given. */
  @ApiPropertyOptional({ example: 'LSZ-0001', maxLength: 32 })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'employeeNo must be 1-32 letters, digits or dashes' })
  employeeNo?: string;

  /** Code of the node the staff member belongs to (the unit that manages them); defaults to the caller's node. */
  @ApiPropertyOptional({ example: '410102005001' })
  @Optional()
  @Matches(NODE_CODE_PATTERN, { message: 'homeNodeCode must be a node code' })
  homeNodeCode?: string;
}

/** Assign a staff member to a node in a role. */
export class AssignStaffDto {
  /** Staff id. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;

  /** Code of the node (grid, community, subdistrict …). */
  @ApiProperty({ example: '4101020050010101' })
  @Matches(NODE_CODE_PATTERN, { message: 'nodeCode must be a node code' })
  nodeCode!: string;

  /** Role at that node. */
  @ApiProperty({ enum: StaffRole, enumName: 'StaffRole' })
  @IsEnum(StaffRole)
  role!: StaffRole;
}

/** One assignment of a staff member. */
export class AssignmentView {
  /** Assignment id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Staff id. */
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  /** Staff name. */
  @ApiProperty() staffName!: string;
  /** Node id. */
  @ApiProperty({ format: 'uuid' }) nodeId!: string;
  /** Node code. */
  @ApiProperty() nodeCode!: string;
  /** Role. */
  @ApiProperty({ enum: StaffRole, enumName: 'StaffRole' }) role!: StaffRole;
  /** Since (UTC ISO-8601). */
  @ApiProperty({ format: 'date-time' }) assignedAt!: string;
}

/** A staff member with current assignments. */
export class StaffView {
  /** Staff id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Employee number. */
  @ApiPropertyOptional({ nullable: true, type: String }) employeeNo!: string | null;
  /** Code of the node the staff member belongs to. */
  @ApiPropertyOptional({ nullable: true, type: String }) homeNodeCode!: string | null;
  /** Current assignments. */
  @ApiProperty({ type: [AssignmentView] }) assignments!: AssignmentView[];
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Create a linked department 下沉单位 and the nodes it serves. */
export class CreateDepartmentDto {
  /** Department code, unique (letters, digits, dashes). */
  @ApiProperty({ example: 'PSB-LSZ' })
  @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'code must be 2-32 letters, digits or dashes' })
  code!: string;

  /** Name, e.g. `林山寨派出所`. */
  @ApiProperty({ example: '林山寨派出所' })
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Kind of department. */
  @ApiProperty({ enum: DepartmentKind, enumName: 'DepartmentKind' })
  @IsEnum(DepartmentKind)
  kind!: DepartmentKind;

  /** Codes of the nodes it serves (cases in their subtrees can be dispatched to it). */
  @ApiProperty({ type: [String], example: ['410102005'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(NODE_CODE_PATTERN, { each: true, message: 'each served node must be a node code' })
  servesNodeCodes!: string[];
}

/** A linked department. */
export class DepartmentView {
  /** Id. */
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Code. */
  @ApiProperty() code!: string;
  /** Name. */
  @ApiProperty() name!: string;
  /** Kind. */
  @ApiProperty({ enum: DepartmentKind, enumName: 'DepartmentKind' }) kind!: DepartmentKind;
  /** Codes of nodes served. */
  @ApiProperty({ type: [String] }) servesNodeCodes!: string[];
  /** Created at. */
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Paging parameters. */
export class PageQuery extends PagingQuery {
  /** Only items under this node code (inclusive). */
  @ApiPropertyOptional()
  @Optional()
  @Matches(NODE_CODE_PATTERN)
  under?: string;

  /** Free-text filter on name. */
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
