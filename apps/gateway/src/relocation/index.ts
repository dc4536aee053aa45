import { RelocationHelpRequestsController, RelocationHouseholdsController, RelocationPackagesController } from './households.controller';
import { RelocationProjectsController } from './projects.controller';

/** Controllers of the relocation service's public API: projects and reports, households, work packages, help requests. */
export const RELOCATION_CONTROLLERS = [RelocationProjectsController, RelocationHouseholdsController, RelocationPackagesController, RelocationHelpRequestsController];
