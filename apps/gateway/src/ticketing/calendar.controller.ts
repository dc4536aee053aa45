import { HolidayView, ListHolidaysQuery, SetHolidayDto, TicketingRpc } from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems, Calls } from '../shared/http';

/** The working calendar's days off and make-up working days (调休). */
@ApiTags('Cases')
@Controller('calendar/holidays')
export class CalendarController {
  constructor(private readonly ticketing: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Days off and make-up working days' })
  @ApiOkResponse({ type: [HolidayView] })
  @ApiProblems(400)
  @Calls(TicketingRpc.holidayList)
  list(@Query() q: ListHolidaysQuery): Promise<HolidayView[]> {
    return this.ticketing.send(TicketingRpc.holidayList, q);
  }

  @Post()
  @ApiOperation({ summary: 'Set a day off or a make-up working day (operators of subdistrict level and above)' })
  @ApiCreatedResponse({ type: HolidayView })
  @ApiProblems(400)
  @Calls(TicketingRpc.holidaySet)
  set(@Body() dto: SetHolidayDto): Promise<HolidayView> {
    return this.ticketing.send(TicketingRpc.holidaySet, dto);
  }
}
