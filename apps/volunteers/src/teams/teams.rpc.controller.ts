import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  AddTeamMemberRequest,
  CreateTeamAssignmentDto,
  CreateTeamDto,
  ListTeamsQuery,
  VolunteersIdRequest,
  VolunteersRpc,
  type TeamAssignmentView,
  type TeamView,
} from '@citygrid/contracts/volunteers';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { TeamsService } from './teams.service';

/** NATS handlers for volunteer teams and their assignments. */
@RpcController()
export class TeamsRpcController {
  constructor(private readonly teams: TeamsService) {}

  @MessagePattern(VolunteersRpc.teamCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateTeamDto): Promise<TeamView> {
    return this.teams.create(caller, dto);
  }

  @MessagePattern(VolunteersRpc.teamList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListTeamsQuery): Promise<Page<TeamView>> {
    return this.teams.list(caller, q);
  }

  @MessagePattern(VolunteersRpc.teamGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: VolunteersIdRequest): Promise<TeamView> {
    return this.teams.get(caller, req.id);
  }

  @MessagePattern(VolunteersRpc.teamAddMember)
  addMember(@CurrentCaller() caller: Caller, @Payload('payload') req: AddTeamMemberRequest): Promise<TeamView> {
    return this.teams.addMember(caller, req);
  }

  @MessagePattern(VolunteersRpc.assignmentCreate)
  assign(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateTeamAssignmentDto): Promise<TeamAssignmentView> {
    return this.teams.assign(caller, dto);
  }

  @MessagePattern(VolunteersRpc.assignmentGet)
  assignment(@CurrentCaller() caller: Caller, @Payload('payload') req: VolunteersIdRequest): Promise<TeamAssignmentView> {
    return this.teams.assignment(caller, req.id);
  }
}
