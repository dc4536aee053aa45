import { Module } from '@nestjs/common';

import { DepartmentsRpcController } from './departments.rpc.controller';
import { DepartmentsService } from './departments.service';

/** Linked departments (下沉单位) and the nodes they serve. */
@Module({
  controllers: [DepartmentsRpcController],
  providers: [DepartmentsService],
})
export class DepartmentsModule {}
