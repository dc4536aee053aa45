import type { Page } from '@citygrid/contracts';
import {
  GridRegistryRpc,
  IdRequest,
  ListPlacesQuery,
  MovePlaceRequest,
  RegisterPlaceDto,
  StartImportDto,
  type ImportJobView,
  type PlaceView,
} from '@citygrid/contracts/grid-registry';
import { rpcSubject } from '@citygrid/messaging';
import { RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ImportsService } from '../imports/imports.service';
import { PlacesService } from './places.service';

/** NATS handlers for places and bulk imports. */
@RpcController()
export class PlacesRpcController {
  constructor(
    private readonly places: PlacesService,
    private readonly imports: ImportsService,
  ) {}

  @MessagePattern(rpcSubject(GridRegistryRpc.placeRegister))
  register(@Payload('payload') dto: RegisterPlaceDto): Promise<PlaceView> {
    return this.places.register(dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.placeMove))
  move(@Payload('payload') req: MovePlaceRequest): Promise<PlaceView> {
    return this.places.move(req.id, req);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.placeGet))
  get(@Payload('payload') req: IdRequest): Promise<PlaceView> {
    return this.places.get(req.id);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.placeList))
  list(@Payload('payload') q: ListPlacesQuery): Promise<Page<PlaceView>> {
    return this.places.list(q);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.importStart))
  startImport(@Payload('payload') dto: StartImportDto): Promise<ImportJobView> {
    return this.imports.start(dto);
  }

  @MessagePattern(rpcSubject(GridRegistryRpc.importGet))
  getImport(@Payload('payload') req: IdRequest): Promise<ImportJobView> {
    return this.imports.get(req.id);
  }
}
