import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  CatchmentLookupQuery,
  CatchmentsQuery,
  CreateSchoolDto,
  ListSchoolsQuery,
  SchoolingIdRequest,
  SchoolingRpc,
  UpdateSchoolRequest,
  type CatchmentCollectionView,
  type SchoolView,
} from '@citygrid/contracts/schooling';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { SchoolsService } from './schools.service';

/** NATS handlers for schools and catchments: read along the school's line of the tree, managed by operators of its area. */
@RpcController()
export class SchoolsRpcController {
  constructor(private readonly schools: SchoolsService) {}

  @MessagePattern(SchoolingRpc.schoolCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateSchoolDto): Promise<SchoolView> {
    return this.schools.create(caller, dto);
  }

  @MessagePattern(SchoolingRpc.schoolList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListSchoolsQuery): Promise<Page<SchoolView>> {
    return this.schools.list(caller, q);
  }

  @MessagePattern(SchoolingRpc.schoolGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: SchoolingIdRequest): Promise<SchoolView> {
    return this.schools.get(caller, req.id);
  }

  @MessagePattern(SchoolingRpc.schoolUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateSchoolRequest): Promise<SchoolView> {
    return this.schools.update(caller, req);
  }

  @MessagePattern(SchoolingRpc.schoolDelete)
  remove(@CurrentCaller() caller: Caller, @Payload('payload') req: SchoolingIdRequest): Promise<SchoolView> {
    return this.schools.remove(caller, req.id);
  }

  @MessagePattern(SchoolingRpc.catchments)
  catchments(@CurrentCaller() caller: Caller, @Payload('payload') q: CatchmentsQuery): Promise<CatchmentCollectionView> {
    return this.schools.catchments(caller, q);
  }

  @MessagePattern(SchoolingRpc.catchmentLookup)
  lookup(@CurrentCaller() caller: Caller, @Payload('payload') q: CatchmentLookupQuery): Promise<SchoolView[]> {
    return this.schools.lookup(caller, q);
  }
}
