import { Module } from '@nestjs/common';

import { CalendarRpcController } from './calendar.rpc.controller';
import { CalendarService } from './calendar.service';

/** The working calendar: holidays and make-up days, and the deadlines computed over it. */
@Module({ controllers: [CalendarRpcController], providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}
