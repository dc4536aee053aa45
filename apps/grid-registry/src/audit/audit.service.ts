import type { AuditEntryView, ListAuditQuery, Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { listAuditTrail } from '@citygrid/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** Reads the registry's audit trail (`listAuditTrail`: who may read it and within which subtree). */
@Injectable()
export class AuditService {
  constructor(private readonly orm: MikroORM) {}

  list(caller: Caller, q: ListAuditQuery): Promise<Page<AuditEntryView>> {
    return listAuditTrail(this.orm.em.fork(), caller, q);
  }
}
