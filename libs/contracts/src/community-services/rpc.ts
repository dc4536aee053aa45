import { IsUUID } from 'class-validator';

import type { Page, RpcDefinition } from '../common/rpc';
import type { CentreView, CreateCentreDto, ListCentresQuery, UpdateCentreRequest } from './centres';
import type { CreateRequestTypeDto, ListRequestTypesQuery, RequestTypeView, UpdateRequestTypeRequest } from './request-types';
import type {
  AssignServiceRequestRequest,
  CancelServiceRequestRequest,
  CentreFiguresView,
  CloseServiceRequestRequest,
  CreateServiceRequestDto,
  ListServiceRequestsQuery,
  NoteServiceRequestRequest,
  ServiceFiguresQuery,
  ServiceRequestView,
  StartServiceRequestRequest,
} from './requests';

/** Identifies one record by its id (UUID). */
export class CommunityServicesIdRequest {
  /** Id (UUID). */
  @IsUUID()
  id!: string;
}

/** RPC patterns answered by community-services (NATS request/reply, queue group `community-services`). */
export const CommunityServicesRpc = {
  centreCreate: 'community-services.centre.create',
  centreList: 'community-services.centre.list',
  centreGet: 'community-services.centre.get',
  centreUpdate: 'community-services.centre.update',
  centreDelete: 'community-services.centre.delete',
  requestTypeList: 'community-services.request-type.list',
  requestTypeCreate: 'community-services.request-type.create',
  requestTypeUpdate: 'community-services.request-type.update',
  requestCreate: 'community-services.request.create',
  requestList: 'community-services.request.list',
  requestMine: 'community-services.request.mine',
  requestGet: 'community-services.request.get',
  requestAssign: 'community-services.request.assign',
  requestStart: 'community-services.request.start',
  requestNote: 'community-services.request.note',
  requestClose: 'community-services.request.close',
  requestCancel: 'community-services.request.cancel',
  figures: 'community-services.figures',
} as const;

/** Typed map: pattern → request payload and response. */
export type CommunityServicesRpcMap = {
  'community-services.centre.create': RpcDefinition<CreateCentreDto, CentreView>;
  'community-services.centre.list': RpcDefinition<ListCentresQuery, Page<CentreView>>;
  'community-services.centre.get': RpcDefinition<CommunityServicesIdRequest, CentreView>;
  'community-services.centre.update': RpcDefinition<UpdateCentreRequest, CentreView>;
  'community-services.centre.delete': RpcDefinition<CommunityServicesIdRequest, CentreView>;
  'community-services.request-type.list': RpcDefinition<ListRequestTypesQuery, RequestTypeView[]>;
  'community-services.request-type.create': RpcDefinition<CreateRequestTypeDto, RequestTypeView>;
  'community-services.request-type.update': RpcDefinition<UpdateRequestTypeRequest, RequestTypeView>;
  'community-services.request.create': RpcDefinition<CreateServiceRequestDto, ServiceRequestView>;
  'community-services.request.list': RpcDefinition<ListServiceRequestsQuery, Page<ServiceRequestView>>;
  'community-services.request.mine': RpcDefinition<ListServiceRequestsQuery, Page<ServiceRequestView>>;
  'community-services.request.get': RpcDefinition<CommunityServicesIdRequest, ServiceRequestView>;
  'community-services.request.assign': RpcDefinition<AssignServiceRequestRequest, ServiceRequestView>;
  'community-services.request.start': RpcDefinition<StartServiceRequestRequest, ServiceRequestView>;
  'community-services.request.note': RpcDefinition<NoteServiceRequestRequest, ServiceRequestView>;
  'community-services.request.close': RpcDefinition<CloseServiceRequestRequest, ServiceRequestView>;
  'community-services.request.cancel': RpcDefinition<CancelServiceRequestRequest, ServiceRequestView>;
  'community-services.figures': RpcDefinition<ServiceFiguresQuery, CentreFiguresView[]>;
};
