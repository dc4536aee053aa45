import { TicketingRpc, WorkQueueQuery, WorkQueueView } from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems, Calls } from '../shared/http';

/** What concerns the logged-in person herself. */
@ApiTags('Me')
@Controller('me')
export class MeController {
  constructor(private readonly ticketing: RpcClient) {}

  @Get('work')
  @ApiOperation({
    summary: 'My work queue: the cases waiting on me, soonest deadline first, with counts per kind',
    description:
      'Operators: new reports to file, cases to dispatch and requests to decide at their own level (an escalated case moves to the level above). Handlers: cases dispatched to their department or grid to accept and handle. Grid staff and supervisors: handled cases of others to verify.',
  })
  @ApiOkResponse({ type: WorkQueueView })
  @ApiProblems(400, 401)
  @Calls(TicketingRpc.caseWork)
  work(@Query() q: WorkQueueQuery): Promise<WorkQueueView> {
    return this.ticketing.send(TicketingRpc.caseWork, q);
  }
}
