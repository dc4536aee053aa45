import { Module } from '@nestjs/common';

import { PackagesRpcController } from './packages.rpc.controller';
import { PackagesService } from './packages.service';

/** Work packages per leader and work group. */
@Module({ controllers: [PackagesRpcController], providers: [PackagesService] })
export class PackagesModule {}
