import type { Page } from '@citygrid/contracts';
import { FindResidentQuery, GridRegistryRpc, ListResidentsQuery, RegisterResidentDto, ResidentView } from '@citygrid/contracts/grid-registry';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/**
 * Residents of households. ID numbers and phones travel only in JSON bodies, never in a path or
 * query string (those end up in access logs and proxies); they come back masked unless the
 * caller's role needs them in full.
 */
@ApiTags('Residents')
@Controller('residents')
export class ResidentsController {
  constructor(private readonly registry: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Register a resident of a household (grid staff and operators, in their area)' })
  @ApiCreatedResponse({ type: ResidentView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  @Calls(GridRegistryRpc.residentRegister)
  register(@Body() dto: RegisterResidentDto): Promise<ResidentView> {
    return this.registry.send(GridRegistryRpc.residentRegister, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List residents in your area, by household or subtree' })
  @ApiPage(ResidentView)
  @ApiProblems(400, 401, 403)
  @Calls(GridRegistryRpc.residentList)
  list(@Query() q: ListResidentsQuery): Promise<Page<ResidentView>> {
    return this.registry.send(GridRegistryRpc.residentList, q);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find residents by exact ID number or phone',
    description: 'A POST with a JSON body so the number never appears in a URL. Give exactly one of `idNumber` and `phone`. Searches your area only.',
  })
  @ApiOkResponse({ type: [ResidentView] })
  @ApiProblems(400, 401, 403)
  @Calls(GridRegistryRpc.residentFind)
  search(@Body() q: FindResidentQuery): Promise<ResidentView[]> {
    return this.registry.send(GridRegistryRpc.residentFind, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One resident' })
  @ApiOkResponse({ type: ResidentView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(GridRegistryRpc.residentGet)
  get(@Param('id', parseId) id: string): Promise<ResidentView> {
    return this.registry.send(GridRegistryRpc.residentGet, { id });
  }
}
