import type { Page, RpcDefinition } from '../common/rpc';
import type { EmploymentIdRequest } from './common';
import type { CreateEmployerDto, CreatePostingDto, EmployerView, ListEmployersQuery, ListPostingsQuery, PostingView, UpdatePostingRequest } from './employers';
import type { CreateFairDto, FairView, ListFairsQuery, RecordAttendanceRequest, RecordOfferRequest } from './fairs';
import type { MatchRequest, PostingMatchView, SeekerMatchView } from './matching';
import type { CancelPlacementRequest, FollowUpDueView, ListFollowUpsDueQuery, ListPlacementsQuery, PlacementView, RecordFollowUpRequest, RecordPlacementDto } from './placements';
import type { CreateSeekerDto, ListSeekersQuery, SeekerView, UpdateSeekerRequest } from './seekers';
import type { ProgressRequest, ProgressView, SetTargetRequest, SplitTargetRequest, TargetView } from './targets';

/** RPC patterns answered by employment (NATS request/reply, queue group `employment`). */
export const EmploymentRpc = {
  seekerCreate: 'employment.seeker.create',
  seekerList: 'employment.seeker.list',
  seekerGet: 'employment.seeker.get',
  seekerUpdate: 'employment.seeker.update',
  seekerMatches: 'employment.seeker.matches',
  employerCreate: 'employment.employer.create',
  employerList: 'employment.employer.list',
  employerGet: 'employment.employer.get',
  postingCreate: 'employment.posting.create',
  postingList: 'employment.posting.list',
  postingGet: 'employment.posting.get',
  postingUpdate: 'employment.posting.update',
  postingMatches: 'employment.posting.matches',
  fairCreate: 'employment.fair.create',
  fairList: 'employment.fair.list',
  fairGet: 'employment.fair.get',
  fairAttendance: 'employment.fair.attendance',
  fairOffer: 'employment.fair.offer',
  placementRecord: 'employment.placement.record',
  placementList: 'employment.placement.list',
  placementGet: 'employment.placement.get',
  placementCancel: 'employment.placement.cancel',
  placementFollowUp: 'employment.placement.follow-up',
  followUpsDue: 'employment.follow-up.due',
  targetSet: 'employment.target.set',
  targetSplit: 'employment.target.split',
  targetProgress: 'employment.target.progress',
} as const;

/** Typed map: pattern → request payload and response. */
export type EmploymentRpcMap = {
  'employment.seeker.create': RpcDefinition<CreateSeekerDto, SeekerView>;
  'employment.seeker.list': RpcDefinition<ListSeekersQuery, Page<SeekerView>>;
  'employment.seeker.get': RpcDefinition<EmploymentIdRequest, SeekerView>;
  'employment.seeker.update': RpcDefinition<UpdateSeekerRequest, SeekerView>;
  'employment.seeker.matches': RpcDefinition<MatchRequest, PostingMatchView[]>;
  'employment.employer.create': RpcDefinition<CreateEmployerDto, EmployerView>;
  'employment.employer.list': RpcDefinition<ListEmployersQuery, Page<EmployerView>>;
  'employment.employer.get': RpcDefinition<EmploymentIdRequest, EmployerView>;
  'employment.posting.create': RpcDefinition<CreatePostingDto, PostingView>;
  'employment.posting.list': RpcDefinition<ListPostingsQuery, Page<PostingView>>;
  'employment.posting.get': RpcDefinition<EmploymentIdRequest, PostingView>;
  'employment.posting.update': RpcDefinition<UpdatePostingRequest, PostingView>;
  'employment.posting.matches': RpcDefinition<MatchRequest, SeekerMatchView[]>;
  'employment.fair.create': RpcDefinition<CreateFairDto, FairView>;
  'employment.fair.list': RpcDefinition<ListFairsQuery, Page<FairView>>;
  'employment.fair.get': RpcDefinition<EmploymentIdRequest, FairView>;
  'employment.fair.attendance': RpcDefinition<RecordAttendanceRequest, FairView>;
  'employment.fair.offer': RpcDefinition<RecordOfferRequest, FairView>;
  'employment.placement.record': RpcDefinition<RecordPlacementDto, PlacementView>;
  'employment.placement.list': RpcDefinition<ListPlacementsQuery, Page<PlacementView>>;
  'employment.placement.get': RpcDefinition<EmploymentIdRequest, PlacementView>;
  'employment.placement.cancel': RpcDefinition<CancelPlacementRequest, PlacementView>;
  'employment.placement.follow-up': RpcDefinition<RecordFollowUpRequest, PlacementView>;
  'employment.follow-up.due': RpcDefinition<ListFollowUpsDueQuery, Page<FollowUpDueView>>;
  'employment.target.set': RpcDefinition<SetTargetRequest, TargetView>;
  'employment.target.split': RpcDefinition<SplitTargetRequest, TargetView[]>;
  'employment.target.progress': RpcDefinition<ProgressRequest, ProgressView>;
};
