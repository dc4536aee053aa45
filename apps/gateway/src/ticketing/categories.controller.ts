import { CATEGORY_CODE_PATTERN, CategoryView, CreateCategoryDto, TicketingRpc, UpdateCategoryDto } from '@citygrid/contracts/ticketing';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Body, Controller, Get, Injectable, Param, Patch, Post, type PipeTransform } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems, Calls } from '../shared/http';

/** A category code in the path (`CM05`, `SJ0201`). */
@Injectable()
export class ParseCategoryCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CATEGORY_CODE_PATTERN.test(value)) throw ServiceError.validation([{ field: 'code', reason: 'must be a category code (two capitals and 2 or 4 digits)' }]);
    return value;
  }
}

/**
 * The category tree: classes 大类 and sub-classes 小类 with their department kind and time limit.
 * Everyone reads it (the list); operators of subdistrict level and above and the system admin
 * add and change nodes (others: 403). The tree is global, not per area.
 */
@ApiTags('Cases')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly ticketing: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'The category tree (flat, with parent codes)' })
  @ApiOkResponse({ type: [CategoryView] })
  @ApiProblems()
  @Calls(TicketingRpc.categoryList)
  list(): Promise<CategoryView[]> {
    return this.ticketing.send(TicketingRpc.categoryList, {});
  }

  @Post()
  @ApiOperation({
    summary: 'Add a class or a sub-class (operators of subdistrict level and above)',
    description: 'A sub-class needs a parent class, a default department kind and a time limit. Duplicate code: 409; unknown parent or a parent that is a sub-class: 422.',
  })
  @ApiCreatedResponse({ type: CategoryView })
  @ApiProblems(400, 409, 422)
  @Calls(TicketingRpc.categoryCreate)
  create(@Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.ticketing.send(TicketingRpc.categoryCreate, dto);
  }

  @Patch(':code')
  @ApiOperation({
    summary: 'Change a category: name, order, department kind, time limit (operators of subdistrict level and above)',
    description: 'A changed time limit applies only to deadlines computed afterwards (cases dispatched from now on); deadlines already set on cases do not move.',
  })
  @ApiOkResponse({ type: CategoryView })
  @ApiProblems(400, 404, 422)
  @Calls(TicketingRpc.categoryUpdate)
  update(@Param('code', ParseCategoryCodePipe) code: string, @Body() dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.ticketing.send(TicketingRpc.categoryUpdate, { code, ...dto });
  }
}
