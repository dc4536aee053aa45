import { ListAuditQuery, type AuditEntryView, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { TicketingRpc } from '@citygrid/contracts/ticketing';
import { rpcSubject } from '@citygrid/messaging';
import { listAuditTrail } from '@citygrid/persistence';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { MessagePattern, Payload } from '@nestjs/microservices';

/** NATS handler for ticketing's audit trail (read-only: entries are written with each change). */
@RpcController()
export class AuditRpcController {
  constructor(private readonly orm: MikroORM) {}

  @MessagePattern(rpcSubject(TicketingRpc.auditList))
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListAuditQuery): Promise<Page<AuditEntryView>> {
    return listAuditTrail(this.orm.em.fork(), caller, q);
  }
}
