import type { Page } from '@citygrid/contracts';
import { GridRegistryRpc, ListAuditQuery, type AuditEntryView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { rpcSubject } from '@citygrid/messaging';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { AuditService } from './audit.service';

/** NATS handler for the audit trail (read-only: entries are written with each change). */
@RpcController()
export class AuditRpcController {
  constructor(private readonly audit: AuditService) {}

  @MessagePattern(rpcSubject(GridRegistryRpc.auditList))
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListAuditQuery): Promise<Page<AuditEntryView>> {
    return this.audit.list(caller, q);
  }
}
