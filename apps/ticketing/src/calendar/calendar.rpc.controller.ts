import type { Caller } from '@citygrid/contracts/identity';
import { ListHolidaysQuery, SetHolidayDto, TicketingRpc, type HolidayView } from '@citygrid/contracts/ticketing';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CalendarService } from './calendar.service';

/** NATS handlers for the working calendar (the category tree's are in `categories/`). */
@RpcController()
export class CalendarRpcController {
  constructor(private readonly calendar: CalendarService) {}

  @MessagePattern(TicketingRpc.holidayList)
  holidays(@CurrentCaller() _caller: Caller, @Payload('payload') q: ListHolidaysQuery): Promise<HolidayView[]> {
    return this.calendar.list(q);
  }

  @MessagePattern(TicketingRpc.holidaySet)
  setHoliday(@CurrentCaller() caller: Caller, @Payload('payload') dto: SetHolidayDto): Promise<HolidayView> {
    return this.calendar.set(caller, dto);
  }
}
