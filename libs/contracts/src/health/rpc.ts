import type { Page, RpcDefinition } from '../common/rpc';
import type { ClearRoadGraphDto, CoverageCollectionView, CoverageNodeRequest, ImportRoadGraphDto, NodeCoverageView, RoadGraphView } from './coverage';
import type { CreateLectureDto, LectureIdRequest, LectureView, ListLecturesQuery, UpdateLectureRequest } from './lectures';
import type { CreateStationDto, ListStationsQuery, StationCollectionView, StationIdRequest, StationView, UpdateStationRequest } from './stations';
import type { CreateFollowUpDto, FollowUpIdRequest, HomeVisitFollowUpView, ListFollowUpsQuery, LogHomeVisitRequest, UpdateFollowUpRequest } from './visits';

/** RPC patterns answered by health (NATS request/reply, queue group `health`). */
export const HealthRpc = {
  stationCreate: 'health.station.create',
  stationGet: 'health.station.get',
  stationList: 'health.station.list',
  stationGeojson: 'health.station.geojson',
  stationUpdate: 'health.station.update',
  stationRetire: 'health.station.retire',
  roadGraphImport: 'health.road-graph.import',
  roadGraphGet: 'health.road-graph.get',
  roadGraphClear: 'health.road-graph.clear',
  coverageGet: 'health.coverage.get',
  coverageGeojson: 'health.coverage.geojson',
  coverageCompute: 'health.coverage.compute',
  lectureCreate: 'health.lecture.create',
  lectureGet: 'health.lecture.get',
  lectureList: 'health.lecture.list',
  lectureUpdate: 'health.lecture.update',
  followUpCreate: 'health.follow-up.create',
  followUpGet: 'health.follow-up.get',
  followUpList: 'health.follow-up.list',
  followUpUpdate: 'health.follow-up.update',
  visitLog: 'health.follow-up.visit',
} as const;

/** Typed map: pattern → request payload and response. */
export type HealthRpcMap = {
  'health.station.create': RpcDefinition<CreateStationDto, StationView>;
  'health.station.get': RpcDefinition<StationIdRequest, StationView>;
  'health.station.list': RpcDefinition<ListStationsQuery, Page<StationView>>;
  'health.station.geojson': RpcDefinition<ListStationsQuery, StationCollectionView>;
  'health.station.update': RpcDefinition<UpdateStationRequest, StationView>;
  'health.station.retire': RpcDefinition<StationIdRequest, StationView>;
  'health.road-graph.import': RpcDefinition<ImportRoadGraphDto, RoadGraphView>;
  'health.road-graph.get': RpcDefinition<Record<string, never>, RoadGraphView>;
  'health.road-graph.clear': RpcDefinition<ClearRoadGraphDto, RoadGraphView>;
  'health.coverage.get': RpcDefinition<CoverageNodeRequest, NodeCoverageView>;
  'health.coverage.geojson': RpcDefinition<CoverageNodeRequest, CoverageCollectionView>;
  'health.coverage.compute': RpcDefinition<CoverageNodeRequest, NodeCoverageView>;
  'health.lecture.create': RpcDefinition<CreateLectureDto, LectureView>;
  'health.lecture.get': RpcDefinition<LectureIdRequest, LectureView>;
  'health.lecture.list': RpcDefinition<ListLecturesQuery, Page<LectureView>>;
  'health.lecture.update': RpcDefinition<UpdateLectureRequest, LectureView>;
  'health.follow-up.create': RpcDefinition<CreateFollowUpDto, HomeVisitFollowUpView>;
  'health.follow-up.get': RpcDefinition<FollowUpIdRequest, HomeVisitFollowUpView>;
  'health.follow-up.list': RpcDefinition<ListFollowUpsQuery, Page<HomeVisitFollowUpView>>;
  'health.follow-up.update': RpcDefinition<UpdateFollowUpRequest, HomeVisitFollowUpView>;
  'health.follow-up.visit': RpcDefinition<LogHomeVisitRequest, HomeVisitFollowUpView>;
};
