import { Module } from '@nestjs/common';

import { CategoriesRpcController } from './categories.rpc.controller';
import { CategoriesService } from './categories.service';

/** The category tree (classes and sub-classes with their time limits and department kinds). */
@Module({ controllers: [CategoriesRpcController], providers: [CategoriesService], exports: [CategoriesService] })
export class CategoriesModule {}
