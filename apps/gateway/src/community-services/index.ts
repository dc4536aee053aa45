import { ServiceCentresController, ServiceFiguresController, ServiceRequestsController, ServiceRequestTypesController } from './community-services.controller';

/** Controllers of the community-services public API: centres, their request types, the requests and the figures. */
export const COMMUNITY_SERVICES_CONTROLLERS = [ServiceCentresController, ServiceRequestTypesController, ServiceRequestsController, ServiceFiguresController];
