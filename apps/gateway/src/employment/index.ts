import { EmployersController, JobPostingsController } from './employers.controller';
import { JobFairsController } from './fairs.controller';
import { FollowUpsController, PlacementsController } from './placements.controller';
import { JobSeekersController } from './seekers.controller';
import { EmploymentTargetsController } from './targets.controller';

/** Controllers of the employment service's public API: seekers, employers and postings, fairs, placements and follow-ups, targets. */
export const EMPLOYMENT_CONTROLLERS = [JobSeekersController, EmployersController, JobPostingsController, JobFairsController, PlacementsController, FollowUpsController, EmploymentTargetsController];
