import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  AdvanceHouseholdRequest,
  CreateRelocationProjectDto,
  ListRelocationPlacesRequest,
  ListRelocationProjectsQuery,
  RelocationIdRequest,
  RelocationItemRequest,
  RelocationRpc,
  SetHoldoutRequest,
  UpdateRelocationProjectRequest,
  type RelocationHouseholdView,
  type RelocationPlaceView,
  type RelocationProjectView,
} from '@citygrid/contracts/relocation';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ProjectsService } from './projects.service';

/** NATS handlers for projects and their households: managed by operators, worked by operators and grid staff, read by staff in scope. */
@RpcController()
export class ProjectsRpcController {
  constructor(private readonly projects: ProjectsService) {}

  @MessagePattern(RelocationRpc.projectCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateRelocationProjectDto): Promise<RelocationProjectView> {
    return this.projects.create(caller, dto);
  }

  @MessagePattern(RelocationRpc.projectList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListRelocationProjectsQuery): Promise<Page<RelocationProjectView>> {
    return this.projects.list(caller, q);
  }

  @MessagePattern(RelocationRpc.projectGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: RelocationIdRequest): Promise<RelocationProjectView> {
    return this.projects.get(caller, req.id);
  }

  @MessagePattern(RelocationRpc.projectUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateRelocationProjectRequest): Promise<RelocationProjectView> {
    return this.projects.update(caller, req);
  }

  @MessagePattern(RelocationRpc.projectResolve)
  resolve(@CurrentCaller() caller: Caller, @Payload('payload') req: RelocationIdRequest): Promise<RelocationProjectView> {
    return this.projects.resolve(caller, req.id);
  }

  @MessagePattern(RelocationRpc.placeList)
  places(@CurrentCaller() caller: Caller, @Payload('payload') q: ListRelocationPlacesRequest): Promise<Page<RelocationPlaceView>> {
    return this.projects.places(caller, q);
  }

  @MessagePattern(RelocationRpc.householdGet)
  household(@CurrentCaller() caller: Caller, @Payload('payload') req: RelocationItemRequest): Promise<RelocationHouseholdView> {
    return this.projects.household(caller, req);
  }

  @MessagePattern(RelocationRpc.householdAdvance)
  advance(@CurrentCaller() caller: Caller, @Payload('payload') req: AdvanceHouseholdRequest): Promise<RelocationHouseholdView> {
    return this.projects.advance(caller, req);
  }

  @MessagePattern(RelocationRpc.householdHoldout)
  holdout(@CurrentCaller() caller: Caller, @Payload('payload') req: SetHoldoutRequest): Promise<RelocationHouseholdView> {
    return this.projects.holdout(caller, req);
  }
}
