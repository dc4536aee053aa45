/** The working calendar: days off and make-up working days. */
import { IsRfc3339Date } from '../common/dates';
import { Optional } from '../common/optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { CalendarDayKind } from './enums';

/** Set a calendar day (holiday or make-up working day). */
export class SetHolidayDto {
  /** Local date `YYYY-MM-DD`. */
  @ApiProperty({ example: '2026-10-01' })
  @IsRfc3339Date()
  date!: string;

  /** `holiday` (day off) or `workday` (调休 working day). */
  @ApiProperty({ enum: CalendarDayKind, enumName: 'CalendarDayKind' })
  @IsEnum(CalendarDayKind)
  kind!: CalendarDayKind;

  /** Name, e.g. 国庆节. */
  @ApiProperty({ example: '国庆节', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;
}

/** Holidays in a year. */
export class ListHolidaysQuery {
  /** Year (default: all). */
  @ApiPropertyOptional({ example: 2026 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** A calendar day. */
export class HolidayView {
  @ApiProperty() date!: string;
  @ApiProperty({ enum: CalendarDayKind, enumName: 'CalendarDayKind' }) kind!: CalendarDayKind;
  @ApiProperty() name!: string;
}
