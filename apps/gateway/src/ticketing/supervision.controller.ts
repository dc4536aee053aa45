import type { Page } from '@citygrid/contracts';
import { FlagCaseDto, InspectionView, ListSupervisionQuery, RecordInspectionDto, SupervisionFlagView, SupervisionRpc } from '@citygrid/contracts/ticketing';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Supervision 督办 of cases and grid inspections 督查 (supervisors and the system admin). */
@ApiTags('Supervision')
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('flags')
  @ApiOperation({ summary: 'Flag a case 督办 with a tighter deadline; it shows on every agenda above the case' })
  @ApiCreatedResponse({ type: SupervisionFlagView })
  @ApiProblems(400, 404, 409, 422)
  @Calls(SupervisionRpc.flagCreate)
  flag(@Body() dto: FlagCaseDto): Promise<SupervisionFlagView> {
    return this.rpc.send(SupervisionRpc.flagCreate, dto);
  }

  @Get('flags')
  @ApiOperation({ summary: 'List supervision flags in your area' })
  @ApiPage(SupervisionFlagView)
  @ApiProblems(400)
  @Calls(SupervisionRpc.flagList)
  listFlags(@Query() q: ListSupervisionQuery): Promise<Page<SupervisionFlagView>> {
    return this.rpc.send(SupervisionRpc.flagList, q);
  }

  @Get('flags/:id')
  @ApiOperation({ summary: 'One supervision flag' })
  @ApiOkResponse({ type: SupervisionFlagView })
  @ApiProblems(400, 404)
  @Calls(SupervisionRpc.flagGet)
  getFlag(@Param('id', parseId) id: string): Promise<SupervisionFlagView> {
    return this.rpc.send(SupervisionRpc.flagGet, { id });
  }

  @Post('inspections')
  @ApiOperation({ summary: 'Record a grid inspection with its findings' })
  @ApiCreatedResponse({ type: InspectionView })
  @ApiProblems(400, 404)
  @Calls(SupervisionRpc.inspectionRecord)
  inspect(@Body() dto: RecordInspectionDto): Promise<InspectionView> {
    return this.rpc.send(SupervisionRpc.inspectionRecord, dto);
  }

  @Get('inspections')
  @ApiOperation({ summary: 'List inspections in your area' })
  @ApiPage(InspectionView)
  @ApiProblems(400)
  @Calls(SupervisionRpc.inspectionList)
  listInspections(@Query() q: ListSupervisionQuery): Promise<Page<InspectionView>> {
    return this.rpc.send(SupervisionRpc.inspectionList, q);
  }

  @Get('inspections/:id')
  @ApiOperation({ summary: 'One inspection' })
  @ApiOkResponse({ type: InspectionView })
  @ApiProblems(400, 404)
  @Calls(SupervisionRpc.inspectionGet)
  getInspection(@Param('id', parseId) id: string): Promise<InspectionView> {
    return this.rpc.send(SupervisionRpc.inspectionGet, { id });
  }
}
