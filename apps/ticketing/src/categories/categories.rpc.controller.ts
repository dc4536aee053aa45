import type { Caller } from '@citygrid/contracts/identity';
import { CreateCategoryDto, TicketingRpc, UpdateCategoryRequest, type CategoryView } from '@citygrid/contracts/ticketing';
import { Public } from '@citygrid/auth';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CategoriesService } from './categories.service';

/** NATS handlers for the category tree: read by everyone, changed by operators of subdistrict level and above. */
@RpcController()
export class CategoriesRpcController {
  constructor(private readonly categories: CategoriesService) {}

  /**
   * Anyone, without a token too: the tree is public reference data (Open311's service list is
   * read anonymously, as the GeoReport v2 specification has it).
   */
  @Public()
  @MessagePattern(TicketingRpc.categoryList)
  list(): Promise<CategoryView[]> {
    return this.categories.list();
  }

  @MessagePattern(TicketingRpc.categoryCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(caller, dto);
  }

  /** A changed time limit applies to deadlines computed afterwards; deadlines already on cases stay. */
  @MessagePattern(TicketingRpc.categoryUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateCategoryRequest): Promise<CategoryView> {
    return this.categories.update(caller, req);
  }
}
