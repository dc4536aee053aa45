import type { Page } from '@citygrid/contracts';
import { GridRegistryRpc, IdRequest, ListPlacesQuery, MovePlaceRequest, RegisterPlaceDto, type PlaceView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { PlacesService } from './places.service';

/** NATS handlers for places. */
@RpcController()
export class PlacesRpcController {
  constructor(private readonly places: PlacesService) {}

  @MessagePattern(GridRegistryRpc.placeRegister)
  register(@CurrentCaller() caller: Caller, @Payload('payload') dto: RegisterPlaceDto): Promise<PlaceView> {
    return this.places.register(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.placeMove)
  move(@CurrentCaller() caller: Caller, @Payload('payload') req: MovePlaceRequest): Promise<PlaceView> {
    return this.places.move(caller, req.id, req);
  }

  @MessagePattern(GridRegistryRpc.placeGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<PlaceView> {
    return this.places.get(caller, req.id);
  }

  @MessagePattern(GridRegistryRpc.placeList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListPlacesQuery): Promise<Page<PlaceView>> {
    return this.places.list(caller, q);
  }
}
