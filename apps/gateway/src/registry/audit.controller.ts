import type { Page } from '@citygrid/contracts';
import { AuditEntryView, GridRegistryRpc, ListAuditQuery } from '@citygrid/contracts/grid-registry';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls } from '../shared/http';
import { GridRegistryClient } from '../shared/rpc-client.service';

/** The append-only audit trail of the registry: who changed what, when, before and after. */
@ApiTags('Audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly registry: GridRegistryClient) {}

  @Get()
  @ApiOperation({
    summary: 'Audit trail, newest first (auditors, operators, system administrator; your area only)',
    description: 'Personal data in `before` and `after` is masked.',
  })
  @ApiPage(AuditEntryView)
  @ApiProblems(400, 401, 403)
  @Calls(GridRegistryRpc.auditList)
  list(@Query() q: ListAuditQuery): Promise<Page<AuditEntryView>> {
    return this.registry.send(GridRegistryRpc.auditList, q);
  }
}
