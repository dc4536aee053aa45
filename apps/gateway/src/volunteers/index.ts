import { EducationSessionsController, PartyMembersController, PartyOrganisationsController, VolunteerUnitsController } from './organisations.controller';
import { VolunteerActivitiesController, VolunteerAssignmentsController, VolunteerTeamsController } from './teams.controller';

/** Controllers of the volunteers service's public API: units, party organisations and members, teams, assignments, activities. */
export const VOLUNTEERS_CONTROLLERS = [
  VolunteerUnitsController,
  PartyOrganisationsController,
  PartyMembersController,
  VolunteerTeamsController,
  VolunteerAssignmentsController,
  VolunteerActivitiesController,
  EducationSessionsController,
];
