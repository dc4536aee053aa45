import { Module } from '@nestjs/common';

import { SchoolsModule } from '../schools/schools.module';
import { RequestsRpcController } from './requests.rpc.controller';
import { RequestsService } from './requests.service';

/** Enrolment help requests (入学协助申请) and their workflow. */
@Module({ imports: [SchoolsModule], controllers: [RequestsRpcController], providers: [RequestsService] })
export class RequestsModule {}
