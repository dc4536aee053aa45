import { Module } from '@nestjs/common';

import { EmployersRpcController } from './employers.rpc.controller';
import { EmployersService } from './employers.service';

/** Employers and their job postings. */
@Module({ providers: [EmployersService], controllers: [EmployersRpcController], exports: [EmployersService] })
export class EmployersModule {}
