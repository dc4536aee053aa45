import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  CoverageQuery,
  ListFieldLogsQuery,
  LogIdRequest,
  LogPatrolDto,
  LogVisitDto,
  PatrolsRpc,
  RaiseCaseFromLogRequest,
  type CreatedCaseView,
  type KeyLocationCoverageView,
  type PatrolView,
  type UnpatrolledView,
  type VisitView,
} from '@citygrid/contracts/ticketing';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { PatrolsService } from './patrols.service';

/** NATS handlers for patrols, visits and daily coverage. */
@RpcController()
export class PatrolsRpcController {
  constructor(private readonly patrols: PatrolsService) {}

  @MessagePattern(PatrolsRpc.patrolLog)
  logPatrol(@CurrentCaller() caller: Caller, @Payload('payload') dto: LogPatrolDto): Promise<PatrolView> {
    return this.patrols.logPatrol(caller, dto);
  }

  @MessagePattern(PatrolsRpc.patrolGet)
  getPatrol(@CurrentCaller() caller: Caller, @Payload('payload') req: LogIdRequest): Promise<PatrolView> {
    return this.patrols.getPatrol(caller, req.id);
  }

  @MessagePattern(PatrolsRpc.patrolList)
  listPatrols(@CurrentCaller() caller: Caller, @Payload('payload') q: ListFieldLogsQuery): Promise<Page<PatrolView>> {
    return this.patrols.listPatrols(caller, q);
  }

  @MessagePattern(PatrolsRpc.patrolUnpatrolled)
  unpatrolled(@CurrentCaller() caller: Caller, @Payload('payload') q: CoverageQuery): Promise<UnpatrolledView> {
    return this.patrols.unpatrolled(caller, q);
  }

  @MessagePattern(PatrolsRpc.patrolKeyLocations)
  keyLocations(@CurrentCaller() caller: Caller, @Payload('payload') q: CoverageQuery): Promise<KeyLocationCoverageView> {
    return this.patrols.keyLocations(caller, q);
  }

  @MessagePattern(PatrolsRpc.patrolRaiseCase)
  raiseFromPatrol(@CurrentCaller() caller: Caller, @Payload('payload') req: RaiseCaseFromLogRequest): Promise<CreatedCaseView> {
    return this.patrols.raiseCase(caller, 'patrol', req);
  }

  @MessagePattern(PatrolsRpc.visitLog)
  logVisit(@CurrentCaller() caller: Caller, @Payload('payload') dto: LogVisitDto): Promise<VisitView> {
    return this.patrols.logVisit(caller, dto);
  }

  @MessagePattern(PatrolsRpc.visitGet)
  getVisit(@CurrentCaller() caller: Caller, @Payload('payload') req: LogIdRequest): Promise<VisitView> {
    return this.patrols.getVisit(caller, req.id);
  }

  @MessagePattern(PatrolsRpc.visitList)
  listVisits(@CurrentCaller() caller: Caller, @Payload('payload') q: ListFieldLogsQuery): Promise<Page<VisitView>> {
    return this.patrols.listVisits(caller, q);
  }

  @MessagePattern(PatrolsRpc.visitRaiseCase)
  raiseFromVisit(@CurrentCaller() caller: Caller, @Payload('payload') req: RaiseCaseFromLogRequest): Promise<CreatedCaseView> {
    return this.patrols.raiseCase(caller, 'visit', req);
  }
}
