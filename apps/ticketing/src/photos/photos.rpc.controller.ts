import type { Caller } from '@citygrid/contracts/identity';
import { PhotoIdRequest, RecordPhotoDto, TicketingRpc, type PhotoRecordView } from '@citygrid/contracts/ticketing';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { PhotosService } from './photos.service';

/** NATS handlers for uploaded photos' records. */
@RpcController()
export class PhotosRpcController {
  constructor(private readonly photos: PhotosService) {}

  @MessagePattern(TicketingRpc.photoRecord)
  record(@CurrentCaller() caller: Caller, @Payload('payload') dto: RecordPhotoDto): Promise<PhotoRecordView> {
    return this.photos.record(caller, dto);
  }

  @MessagePattern(TicketingRpc.photoGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: PhotoIdRequest): Promise<PhotoRecordView> {
    return this.photos.get(caller, req.id);
  }
}
