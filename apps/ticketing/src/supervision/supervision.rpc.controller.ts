import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { FlagCaseDto, ListSupervisionQuery, RecordInspectionDto, SupervisionIdRequest, SupervisionRpc, type InspectionView, type SupervisionFlagView } from '@citygrid/contracts/ticketing';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { SupervisionService } from './supervision.service';

/** NATS handlers for supervision flags and grid inspections. */
@RpcController()
export class SupervisionRpcController {
  constructor(private readonly supervision: SupervisionService) {}

  @MessagePattern(SupervisionRpc.flagCreate)
  flag(@CurrentCaller() caller: Caller, @Payload('payload') dto: FlagCaseDto): Promise<SupervisionFlagView> {
    return this.supervision.flag(caller, dto);
  }

  @MessagePattern(SupervisionRpc.flagGet)
  getFlag(@CurrentCaller() caller: Caller, @Payload('payload') req: SupervisionIdRequest): Promise<SupervisionFlagView> {
    return this.supervision.getFlag(caller, req.id);
  }

  @MessagePattern(SupervisionRpc.flagList)
  listFlags(@CurrentCaller() caller: Caller, @Payload('payload') q: ListSupervisionQuery): Promise<Page<SupervisionFlagView>> {
    return this.supervision.listFlags(caller, q);
  }

  @MessagePattern(SupervisionRpc.inspectionRecord)
  inspect(@CurrentCaller() caller: Caller, @Payload('payload') dto: RecordInspectionDto): Promise<InspectionView> {
    return this.supervision.inspect(caller, dto);
  }

  @MessagePattern(SupervisionRpc.inspectionGet)
  getInspection(@CurrentCaller() caller: Caller, @Payload('payload') req: SupervisionIdRequest): Promise<InspectionView> {
    return this.supervision.getInspection(caller, req.id);
  }

  @MessagePattern(SupervisionRpc.inspectionList)
  listInspections(@CurrentCaller() caller: Caller, @Payload('payload') q: ListSupervisionQuery): Promise<Page<InspectionView>> {
    return this.supervision.listInspections(caller, q);
  }
}
