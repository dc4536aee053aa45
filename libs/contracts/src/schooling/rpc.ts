import type { Page, RpcDefinition } from '../common/rpc';
import type {
  AdvanceEnrolmentRequest,
  CatchmentCollectionView,
  CatchmentLookupQuery,
  CatchmentsQuery,
  CreateEnrolmentRequestDto,
  CreateSchoolDto,
  EnrolmentRequestView,
  HouseholdRequestsRequest,
  ListEnrolmentRequestsQuery,
  ListSchoolsQuery,
  SchoolingIdRequest,
  SchoolView,
  UpdateSchoolRequest,
} from './schooling';

/** RPC patterns answered by schooling (NATS request/reply, queue group `schooling`). */
export const SchoolingRpc = {
  schoolCreate: 'schooling.school.create',
  schoolList: 'schooling.school.list',
  schoolGet: 'schooling.school.get',
  schoolUpdate: 'schooling.school.update',
  schoolDelete: 'schooling.school.delete',
  catchments: 'schooling.catchment.list',
  catchmentLookup: 'schooling.catchment.lookup',
  requestCreate: 'schooling.request.create',
  requestList: 'schooling.request.list',
  requestGet: 'schooling.request.get',
  requestAdvance: 'schooling.request.advance',
  householdRequests: 'schooling.household.requests',
} as const;

/** Typed map: pattern → request payload and response. */
export type SchoolingRpcMap = {
  'schooling.school.create': RpcDefinition<CreateSchoolDto, SchoolView>;
  'schooling.school.list': RpcDefinition<ListSchoolsQuery, Page<SchoolView>>;
  'schooling.school.get': RpcDefinition<SchoolingIdRequest, SchoolView>;
  'schooling.school.update': RpcDefinition<UpdateSchoolRequest, SchoolView>;
  'schooling.school.delete': RpcDefinition<SchoolingIdRequest, SchoolView>;
  'schooling.catchment.list': RpcDefinition<CatchmentsQuery, CatchmentCollectionView>;
  'schooling.catchment.lookup': RpcDefinition<CatchmentLookupQuery, SchoolView[]>;
  'schooling.request.create': RpcDefinition<CreateEnrolmentRequestDto, EnrolmentRequestView>;
  'schooling.request.list': RpcDefinition<ListEnrolmentRequestsQuery, Page<EnrolmentRequestView>>;
  'schooling.request.get': RpcDefinition<SchoolingIdRequest, EnrolmentRequestView>;
  /** One step of the workflow: check, refer, place (names the school) or refuse (names the reason). */
  'schooling.request.advance': RpcDefinition<AdvanceEnrolmentRequest, EnrolmentRequestView>;
  'schooling.household.requests': RpcDefinition<HouseholdRequestsRequest, Page<EnrolmentRequestView>>;
};
