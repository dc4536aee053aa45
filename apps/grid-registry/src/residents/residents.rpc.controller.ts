import type { Page } from '@citygrid/contracts';
import { FindResidentQuery, GridRegistryRpc, IdRequest, ListResidentsQuery, RegisterResidentDto, type ResidentView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ResidentsService } from './residents.service';

/** NATS handlers for residents. ID numbers travel only in payloads, never in subjects or headers. */
@RpcController()
export class ResidentsRpcController {
  constructor(private readonly residents: ResidentsService) {}

  @MessagePattern(GridRegistryRpc.residentRegister)
  register(@CurrentCaller() caller: Caller, @Payload('payload') dto: RegisterResidentDto): Promise<ResidentView> {
    return this.residents.register(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.residentGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<ResidentView> {
    return this.residents.get(caller, req.id);
  }

  @MessagePattern(GridRegistryRpc.residentList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListResidentsQuery): Promise<Page<ResidentView>> {
    return this.residents.list(caller, q);
  }

  @MessagePattern(GridRegistryRpc.residentFind)
  find(@CurrentCaller() caller: Caller, @Payload('payload') q: FindResidentQuery): Promise<ResidentView[]> {
    return this.residents.find(caller, q);
  }
}
