import { CurrentCaller } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { ListHolidaysQuery, SetHolidayDto, TicketingRpc, type CategoryView, type HolidayView } from '@citygrid/contracts/ticketing';
import { rpcSubject } from '@citygrid/messaging';
import { RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CategoriesService } from '../categories/categories.service';
import { CalendarService } from './calendar.service';

/** NATS handlers for the category tree and the working calendar. */
@RpcController()
export class CalendarRpcController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
  ) {}

  /** Any authenticated caller: the tree is reference data. */
  @MessagePattern(rpcSubject(TicketingRpc.categoryList))
  categoryList(@CurrentCaller() _caller: Caller): Promise<CategoryView[]> {
    return this.categories.list();
  }

  @MessagePattern(rpcSubject(TicketingRpc.holidayList))
  holidays(@CurrentCaller() _caller: Caller, @Payload('payload') q: ListHolidaysQuery): Promise<HolidayView[]> {
    return this.calendar.list(q);
  }

  @MessagePattern(rpcSubject(TicketingRpc.holidaySet))
  setHoliday(@CurrentCaller() caller: Caller, @Payload('payload') dto: SetHolidayDto): Promise<HolidayView> {
    return this.calendar.set(caller, dto);
  }
}
