import type { Caller } from '@citygrid/contracts/identity';
import { AttendSessionRequest, CreateSessionDto, VolunteersIdRequest, VolunteersRpc, type SessionView } from '@citygrid/contracts/volunteers';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { SessionsService } from './sessions.service';

/** NATS handlers for remote-education sessions and their attendance. */
@RpcController()
export class SessionsRpcController {
  constructor(private readonly sessions: SessionsService) {}

  @MessagePattern(VolunteersRpc.sessionCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateSessionDto): Promise<SessionView> {
    return this.sessions.create(caller, dto);
  }

  @MessagePattern(VolunteersRpc.sessionGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: VolunteersIdRequest): Promise<SessionView> {
    return this.sessions.get(caller, req.id);
  }

  @MessagePattern(VolunteersRpc.sessionAttend)
  attend(@CurrentCaller() caller: Caller, @Payload('payload') req: AttendSessionRequest): Promise<SessionView> {
    return this.sessions.attend(caller, req);
  }
}
