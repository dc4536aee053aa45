import { Module } from '@nestjs/common';

import { ProjectsRpcController } from './projects.rpc.controller';
import { ProjectsService } from './projects.service';

/** Relocation projects, what lies inside their red line, and each household's steps. */
@Module({ controllers: [ProjectsRpcController], providers: [ProjectsService], exports: [ProjectsService] })
export class ProjectsModule {}
