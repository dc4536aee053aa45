import { EnrolmentRequestsController, HouseholdEnrolmentRequestsController } from './requests.controller';
import { CatchmentsController, SchoolsController } from './schools.controller';

/** Controllers of the schooling service's public API: schools and catchments, enrolment help requests, a household's record. */
export const SCHOOLING_CONTROLLERS = [SchoolsController, CatchmentsController, EnrolmentRequestsController, HouseholdEnrolmentRequestsController];
