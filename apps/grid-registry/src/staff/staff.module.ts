import { Module } from '@nestjs/common';

import { NodesModule } from '../nodes/nodes.module';
import { StaffRpcController } from './staff.rpc.controller';
import { StaffService } from './staff.service';

/** Staff and their role assignments at the nodes of the tree. */
@Module({
  imports: [NodesModule],
  controllers: [StaffRpcController],
  providers: [StaffService],
})
export class StaffModule {}
