import { Module } from '@nestjs/common';

import { PhotosRpcController } from './photos.rpc.controller';
import { PhotosService } from './photos.service';

/** Uploaded photos: the record of each (the bytes are in the object store, written by the gateway). */
@Module({ controllers: [PhotosRpcController], providers: [PhotosService], exports: [PhotosService] })
export class PhotosModule {}
