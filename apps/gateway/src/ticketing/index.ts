import { CalendarController, CategoriesController } from './calendar.controller';
import { CasesController } from './cases.controller';

/** Controllers of ticketing's public API: cases, categories, the working calendar. */
export const TICKETING_CONTROLLERS = [CasesController, CategoriesController, CalendarController];
