import type { Page } from '@citygrid/contracts';
import { CreateStationDto, HealthRpc, ListStationsQuery, StationIdRequest, UpdateStationRequest, type StationCollectionView, type StationView } from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { StationsService } from './stations.service';

/** NATS handlers of the community health stations. */
@RpcController()
export class StationsRpcController {
  constructor(private readonly stations: StationsService) {}

  @MessagePattern(HealthRpc.stationCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateStationDto): Promise<StationView> {
    return this.stations.create(caller, dto);
  }

  @MessagePattern(HealthRpc.stationGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: StationIdRequest): Promise<StationView> {
    return this.stations.get(caller, req.id);
  }

  @MessagePattern(HealthRpc.stationList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListStationsQuery): Promise<Page<StationView>> {
    return this.stations.list(caller, q);
  }

  @MessagePattern(HealthRpc.stationGeojson)
  geojson(@CurrentCaller() caller: Caller, @Payload('payload') q: ListStationsQuery): Promise<StationCollectionView> {
    return this.stations.geojson(caller, q);
  }

  @MessagePattern(HealthRpc.stationUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateStationRequest): Promise<StationView> {
    return this.stations.update(caller, req);
  }

  @MessagePattern(HealthRpc.stationRetire)
  retire(@CurrentCaller() caller: Caller, @Payload('payload') req: StationIdRequest): Promise<StationView> {
    return this.stations.retire(caller, req.id);
  }
}
