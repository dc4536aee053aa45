import type { Page } from '@citygrid/contracts';
import { CreateLectureDto, HealthRpc, LectureIdRequest, ListLecturesQuery, UpdateLectureRequest, type LectureView } from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { LecturesService } from './lectures.service';

/** NATS handlers of the health lectures. */
@RpcController()
export class LecturesRpcController {
  constructor(private readonly lectures: LecturesService) {}

  @MessagePattern(HealthRpc.lectureCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateLectureDto): Promise<LectureView> {
    return this.lectures.create(caller, dto);
  }

  @MessagePattern(HealthRpc.lectureGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: LectureIdRequest): Promise<LectureView> {
    return this.lectures.get(caller, req.id);
  }

  @MessagePattern(HealthRpc.lectureList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListLecturesQuery): Promise<Page<LectureView>> {
    return this.lectures.list(caller, q);
  }

  @MessagePattern(HealthRpc.lectureUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateLectureRequest): Promise<LectureView> {
    return this.lectures.update(caller, req);
  }
}
