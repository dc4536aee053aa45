import { DeadLetterReplayView, DeadLetterSource, DeadLetterSourceQuery, DeadLettersQuery, DeadLetterView, type Page } from '@citygrid/contracts';
import { IdentityRpc } from '@citygrid/contracts/identity';
import { NotificationsRpc } from '@citygrid/contracts/notifications';
import { ReportingRpc } from '@citygrid/contracts/reporting';
import { RpcClient } from '@citygrid/service-kit';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

const MASKING =
  'Personal data in the events is masked: only ids, node codes, numbers, times and lower-case codes are shown as they are; names and other text keep their first character (`王*`), ID numbers and phones are masked as everywhere; a message that is no event (`poison`) is not shown at all.';

/**
 * Events a service's durable consumers gave up on (after the maximum deliveries, or at once when
 * the message is no event), for the system administrator to look at and, once the cause is fixed,
 * to replay. Each service with consumers keeps its own; `source` says whose.
 */
@ApiTags('Operations')
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'Dead letters: events a consumer gave up on, oldest first (system administrator only)',
    description: `\`source=identity\` (default) for identity's consumer of grid-registry's staff events, which moves the node scope of linked accounts; \`source=reporting\` for reporting's consumers of ticketing's and the grid events, which build the figures; \`source=notifications\` for notifications' consumers of ticketing's, the account and the grid events, which raise the notifications. By default only letters still waiting; \`includeReplayed=true\` lists those replayed already too. ${MASKING}`,
  })
  @ApiPage(DeadLetterView)
  @ApiProblems(400, 401, 403)
  @Calls(IdentityRpc.deadLetterList)
  list(@Query() q: DeadLettersQuery): Promise<Page<DeadLetterView>> {
    const { source, ...filters } = q;
    switch (source) {
      case DeadLetterSource.Reporting:
        return this.rpc.send(ReportingRpc.deadLetterList, filters);
      case DeadLetterSource.Notifications:
        return this.rpc.send(NotificationsRpc.deadLetterList, filters);
      case DeadLetterSource.Identity:
      case undefined:
        return this.rpc.send(IdentityRpc.deadLetterList, filters);
    }
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay a dead letter once its cause is fixed (system administrator only)',
    description:
      "Runs the event through its consumer's handler again, in one transaction with marking the letter replayed: the event is applied at most once (`applied: false` when it had been already, e.g. on a second replay). " +
      '404: no such letter. 409: the handler still fails; the answer says why, and nothing changed (the letter waits as it was): fix the cause and replay again. 422: the letter can never be replayed (a message that is no event, or a consumer the service no longer runs). ' +
      MASKING,
  })
  @ApiParam({ name: 'id', description: 'Dead letter id (from the list).', format: 'uuid' })
  @ApiOkResponse({ type: DeadLetterReplayView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(IdentityRpc.deadLetterReplay)
  replay(@Param('id', parseId) id: string, @Query() q: DeadLetterSourceQuery): Promise<DeadLetterReplayView> {
    switch (q.source) {
      case DeadLetterSource.Reporting:
        return this.rpc.send(ReportingRpc.deadLetterReplay, { id });
      case DeadLetterSource.Notifications:
        return this.rpc.send(NotificationsRpc.deadLetterReplay, { id });
      case DeadLetterSource.Identity:
      case undefined:
        return this.rpc.send(IdentityRpc.deadLetterReplay, { id });
    }
  }
}
