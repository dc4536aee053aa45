import { CalendarController } from './calendar.controller';
import { CasesController } from './cases.controller';
import { CategoriesController } from './categories.controller';

/** Controllers of ticketing's public API: cases, categories, the working calendar. */
export const TICKETING_CONTROLLERS = [CasesController, CategoriesController, CalendarController];
