import { CalendarController } from './calendar.controller';
import { CasesController } from './cases.controller';
import { CategoriesController } from './categories.controller';
import { MeController } from './me.controller';

/** Controllers of ticketing's public API: cases, categories, the working calendar, the work queue. */
export const TICKETING_CONTROLLERS = [CasesController, CategoriesController, CalendarController, MeController];
