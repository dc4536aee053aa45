import { GridRegistryRpc, IdRequest, StartImportDto, type ImportJobView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ImportsService } from './imports.service';

/** NATS handlers for bulk imports. */
@RpcController()
export class ImportsRpcController {
  constructor(private readonly imports: ImportsService) {}

  @MessagePattern(GridRegistryRpc.importStart)
  startImport(@CurrentCaller() caller: Caller, @Payload('payload') dto: StartImportDto): Promise<ImportJobView> {
    return this.imports.start(caller, dto);
  }

  @MessagePattern(GridRegistryRpc.importGet)
  getImport(@CurrentCaller() caller: Caller, @Payload('payload') req: IdRequest): Promise<ImportJobView> {
    return this.imports.get(caller, req.id);
  }
}
