import type { Caller } from '@citygrid/contracts/identity';
import { CreateActivityDto, EnterHoursRequest, ParticipationRequest, VolunteersIdRequest, VolunteersRpc, type ActivityView } from '@citygrid/contracts/volunteers';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ActivitiesService } from './activities.service';

/** NATS handlers for activities: sign-up, check-in, check-out, entered hours. */
@RpcController()
export class ActivitiesRpcController {
  constructor(private readonly activities: ActivitiesService) {}

  @MessagePattern(VolunteersRpc.activityCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateActivityDto): Promise<ActivityView> {
    return this.activities.create(caller, dto);
  }

  @MessagePattern(VolunteersRpc.activityGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: VolunteersIdRequest): Promise<ActivityView> {
    return this.activities.get(caller, req.id);
  }

  @MessagePattern(VolunteersRpc.activitySignUp)
  signUp(@CurrentCaller() caller: Caller, @Payload('payload') req: ParticipationRequest): Promise<ActivityView> {
    return this.activities.signUp(caller, req);
  }

  @MessagePattern(VolunteersRpc.activityCheckIn)
  checkIn(@CurrentCaller() caller: Caller, @Payload('payload') req: ParticipationRequest): Promise<ActivityView> {
    return this.activities.checkIn(caller, req);
  }

  @MessagePattern(VolunteersRpc.activityCheckOut)
  checkOut(@CurrentCaller() caller: Caller, @Payload('payload') req: ParticipationRequest): Promise<ActivityView> {
    return this.activities.checkOut(caller, req);
  }

  @MessagePattern(VolunteersRpc.activityEnterHours)
  enterHours(@CurrentCaller() caller: Caller, @Payload('payload') req: EnterHoursRequest): Promise<ActivityView> {
    return this.activities.enterHours(caller, req);
  }
}
