/** The category tree of matters (部件 and 事件 classes, sub-classes with their time limits). */
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsEnum, IsInt, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DepartmentKind } from '../grid-registry/enums';
import { CategoryKind, TimeUnit } from './enums';

import { CATEGORY_CODE_PATTERN } from './cases';

/** A category: a class or a sub-class (only sub-classes carry a department kind and a limit). */
export class CategoryView {
  @ApiProperty({ example: 'CM05' }) code!: string;
  @ApiProperty({ type: String, nullable: true }) parentCode!: string | null;
  @ApiProperty({ example: '违法建设' }) name!: string;
  @ApiProperty({ enum: CategoryKind, enumName: 'CategoryKind' }) kind!: CategoryKind;
  /** True for a sub-class cases can be filed under. */
  @ApiProperty() leaf!: boolean;
  @ApiProperty({ enum: DepartmentKind, enumName: 'DepartmentKind', nullable: true }) departmentKind!: DepartmentKind | null;
  @ApiProperty({ type: Number, nullable: true }) limitAmount!: number | null;
  @ApiProperty({ enum: TimeUnit, enumName: 'TimeUnit', nullable: true }) limitUnit!: TimeUnit | null;
  /** Retired: no new case is filed under it (a report naming it is 422); the cases filed before keep it. */
  @ApiProperty() retired!: boolean;
  /**
   * Sub-classes: its cases are dispatched by themselves when filed, to the first department
   * `GET /cases/{id}/suggested-departments` proposes of the kind it names (left for the operator
   * when none serves the grid).
   */
  @ApiProperty() autoDispatch!: boolean;
}

/** Largest time limit amount of a sub-class (in its unit). */
export const MAX_CATEGORY_LIMIT = 720;

/** Largest position of a category in listings: well inside the 32-bit column that stores it. */
export const MAX_CATEGORY_SORT_ORDER = 1_000_000;

/**
 * Add a node to the category tree (operators of subdistrict level and above, and the system
 * admin). A sub-class (`leaf: true`) needs a parent class, a default department kind and a time
 * limit; a class carries neither. The code is unique (409); an unknown parent, or a parent that is
 * itself a sub-class, is 422.
 */
export class CreateCategoryDto {
  /** Code: two capitals and 2 or 4 digits (`CM08`, `SJ0501`); unique across the tree. */
  @ApiProperty({ example: 'CM08', pattern: CATEGORY_CODE_PATTERN.source })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'code must be a category code (two capitals and 2 or 4 digits)' })
  code!: string;

  /** Parent class code; required for a sub-class, absent for a root class. */
  @ApiPropertyOptional({ example: 'CM' })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.parentCode !== undefined)
  @IsDefined({ message: 'parentCode is required for a sub-class' })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'parentCode must be a category code' })
  parentCode?: string;

  /** Name. */
  @ApiProperty({ example: '共享单车乱停放', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  /** Kind; defaults to the parent's (and must equal it when given); required for a root class. */
  @ApiPropertyOptional({ enum: CategoryKind, enumName: 'CategoryKind' })
  @Optional()
  @IsEnum(CategoryKind)
  kind?: CategoryKind;

  /** True for a sub-class 小类 cases can be filed under; false for a class 大类. */
  @ApiProperty({ example: true })
  @IsBoolean()
  leaf!: boolean;

  /** Default handling department kind (sub-classes only, required there). */
  @ApiPropertyOptional({ enum: DepartmentKind, enumName: 'DepartmentKind' })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.departmentKind !== undefined)
  @IsEnum(DepartmentKind)
  departmentKind?: DepartmentKind;

  /** Time limit amount, in `limitUnit` (sub-classes only, required there). */
  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: MAX_CATEGORY_LIMIT })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.limitAmount !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_CATEGORY_LIMIT)
  limitAmount?: number;

  /** Time limit unit: working hours or working days (sub-classes only, required there). */
  @ApiPropertyOptional({ enum: TimeUnit, enumName: 'TimeUnit' })
  @ValidateIf((o: CreateCategoryDto) => o.leaf === true || o.limitUnit !== undefined)
  @IsEnum(TimeUnit)
  limitUnit?: TimeUnit;

  /** Position in listings; after the last node when omitted. */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CATEGORY_SORT_ORDER })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_CATEGORY_SORT_ORDER)
  sortOrder?: number;
}

/**
 * Change a category (operators of subdistrict level and above, and the system admin). The code,
 * the parent and whether it is a sub-class do not change (cases and children refer to them).
 * Department kind and time limit exist on sub-classes only (422 on a class).
 *
 * A changed time limit applies only to deadlines computed afterwards (cases dispatched from now
 * on, and clocks restarted by a later escalation): deadlines already set on cases do not move.
 */
export class UpdateCategoryDto {
  /** Name. */
  @ApiPropertyOptional({ example: '违法建设', maxLength: 50 })
  @Optional()
  @IsString()
  @Length(1, 50)
  name?: string;

  /** Default handling department kind (sub-classes). */
  @ApiPropertyOptional({ enum: DepartmentKind, enumName: 'DepartmentKind' })
  @Optional()
  @IsEnum(DepartmentKind)
  departmentKind?: DepartmentKind;

  /** Time limit amount (sub-classes); only cases dispatched afterwards get the new limit. */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CATEGORY_LIMIT })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_CATEGORY_LIMIT)
  limitAmount?: number;

  /** Time limit unit (sub-classes); only cases dispatched afterwards get the new limit. */
  @ApiPropertyOptional({ enum: TimeUnit, enumName: 'TimeUnit' })
  @Optional()
  @IsEnum(TimeUnit)
  limitUnit?: TimeUnit;

  /** Position in listings. */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CATEGORY_SORT_ORDER })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_CATEGORY_SORT_ORDER)
  sortOrder?: number;

  /** `true` retires it (with a class, every sub-class under it too), `false` brings it back. */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  retired?: boolean;

  /** Sub-classes: dispatch its cases by themselves when filed (see `CategoryView.autoDispatch`). */
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  autoDispatch?: boolean;
}

/** RPC request: update the category `code`. */
export class UpdateCategoryRequest extends UpdateCategoryDto {
  /** Category code. */
  @Matches(CATEGORY_CODE_PATTERN, { message: 'code must be a category code' })
  code!: string;
}
