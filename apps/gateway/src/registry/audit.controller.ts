import { AuditEntryView, AuditSource, AuditTrailQuery, type Page } from '@citygrid/contracts';
import { GridRegistryRpc } from '@citygrid/contracts/grid-registry';
import { IdentityRpc } from '@citygrid/contracts/identity';
import { ReportingRpc } from '@citygrid/contracts/reporting';
import { TicketingRpc } from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls } from '../shared/http';

/** The append-only audit trails: who changed what, when, before and after, one trail per service. */
@ApiTags('Audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'Audit trail, newest first (auditors, operators, system administrator; your area only)',
    description:
      'Each service keeps the trail of its own changes: `source=grid-registry` (default) for the tree, staff, departments, places and residents; `source=ticketing` for cases, field work, the working calendar and the category tree; `source=identity` for accounts, API clients, sessions and signing keys; `source=reporting` for rebuilds of the read models. Personal data in `before` and `after` is masked.',
  })
  @ApiPage(AuditEntryView)
  @ApiProblems(400, 401, 403)
  // Every trail is staff-only (CLIENT_ACCESS): one declaration documents them all.
  @Calls(GridRegistryRpc.auditList)
  list(@Query() q: AuditTrailQuery): Promise<Page<AuditEntryView>> {
    const { source, ...filters } = q;
    switch (source) {
      case AuditSource.Ticketing:
        return this.rpc.send(TicketingRpc.auditList, filters);
      case AuditSource.Identity:
        return this.rpc.send(IdentityRpc.auditList, filters);
      case AuditSource.Reporting:
        return this.rpc.send(ReportingRpc.auditList, filters);
      case AuditSource.GridRegistry:
      case undefined:
        return this.rpc.send(GridRegistryRpc.auditList, filters);
    }
  }
}
