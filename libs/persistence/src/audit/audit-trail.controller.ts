import { ListAuditQuery, type AuditEntryView, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { listAuditTrail } from './audit-trail';

/**
 * The NATS handler of a service's audit trail, answering `pattern` (e.g. `ticketing.audit.list`):
 * read-only, since entries are written with each change. One class for every service that keeps
 * a trail.
 */
export function auditTrailController(pattern: string): Type<unknown> {
  @RpcController()
  class AuditTrailRpcController {
    constructor(private readonly orm: MikroORM) {}

    @MessagePattern(pattern)
    list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListAuditQuery): Promise<Page<AuditEntryView>> {
      return listAuditTrail(this.orm.em.fork(), caller, q);
    }
  }
  return AuditTrailRpcController;
}
