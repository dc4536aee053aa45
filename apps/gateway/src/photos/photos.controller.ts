import { Public } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { MAX_PHOTO_BYTES, PHOTO_CONTENT_TYPES, PhotoRecordView, TicketingRpc, UploadedPhotoView } from '@citygrid/contracts/ticketing';
import { RpcClient, ServiceError } from '@citygrid/service-kit';
import { Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ApiProblems, Calls, parseId } from '../shared/http';
import { photoKey, PhotoStore } from '../photo-store/photo-store';

/** A file as multer hands it over (memory storage). */
interface MulterFile {
  fieldname: string;
  buffer: Buffer;
  size: number;
}

/**
 * Photos: uploaded as multipart (field `file`), checked by their bytes, re-encoded without EXIF
 * and stored in the object store; read through signed URLs that expire. Cite an upload in a
 * case's photos as `{ "photoId": … }`.
 */
@ApiTags('Photos')
@Controller('photos')
export class PhotosController {
  constructor(
    private readonly photos: PhotoStore,
    private readonly ticketing: RpcClient,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'uploadPhoto',
    summary: 'Upload a photo (multipart, field `file`); it is re-encoded without EXIF and stored; the answer has its id and a signed URL',
    description: `At most ${MAX_PHOTO_BYTES} bytes (413), ${PHOTO_CONTENT_TYPES.join(', ')} judged by the bytes, not the Content-Type (415). EXIF GPS is kept as \`takenAt\` on the record and stripped from what is served.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'The photo.' } } } })
  @ApiCreatedResponse({ type: UploadedPhotoView })
  @ApiProblems(400, 413, 415)
  @Calls(TicketingRpc.photoRecord)
  @UseInterceptors(FileInterceptor('file', { limits: { files: 1, fileSize: MAX_PHOTO_BYTES, fields: 10, fieldSize: 1024 } }))
  async upload(@UploadedFile() file: MulterFile | undefined): Promise<UploadedPhotoView> {
    if (!file) throw ServiceError.validation([{ field: 'file', reason: 'a photo is required as the multipart file field `file`' }], 'No photo was uploaded.');
    return this.photos.upload({ buffer: file.buffer, size: file.size, field: 'file' });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getPhoto', summary: 'An uploaded photo (yours): its record and a fresh signed URL' })
  @ApiOkResponse({ type: UploadedPhotoView })
  @ApiProblems(400, 404)
  @Calls(TicketingRpc.photoGet)
  async get(@Param('id', parseId) id: string): Promise<UploadedPhotoView> {
    const record: PhotoRecordView = await this.ticketing.send(TicketingRpc.photoGet, { id });
    const signed = await this.photos.sign(id);
    return { ...record, url: signed.url, expiresAt: signed.expiresAt.toISOString() };
  }

  @Get(':id/content')
  @Public()
  @ApiOperation({
    operationId: 'getPhotoContent',
    summary: 'The bytes of a photo, through a signed URL (filesystem store; the S3 store presigns its own URLs)',
    description: 'Needs no token: the `expires` and `signature` of a signed URL are the credential. Expired or not signed: 403.',
  })
  @ApiProduces(...PHOTO_CONTENT_TYPES)
  @ApiOkResponse({ description: 'The photo, re-encoded without metadata.', content: Object.fromEntries(PHOTO_CONTENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) })
  @ApiProblems(400, 403, 404)
  async content(@Param('id', parseId) id: string, @Query('expires') expires: unknown, @Query('signature') signature: unknown, @Res() res: Response): Promise<void> {
    const refused = this.photos.check(id, expires, signature);
    if (refused === 'expired') throw new ServiceError(ErrorCode.Forbidden, 'This photo URL has expired; ask for the photo or its case again for a fresh one.');
    if (refused) throw new ServiceError(ErrorCode.Forbidden, 'This photo URL is not signed (or was altered).');
    const object = await this.photos.store.get(photoKey(id));
    if (!object) throw new ServiceError(ErrorCode.NotFound, `Photo ${id} does not exist.`);
    res.status(200);
    res.setHeader('Content-Type', object.contentType);
    res.setHeader('Content-Length', String(object.size));
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', 'inline');
    object.body.on('error', () => res.destroy());
    object.body.pipe(res);
  }
}
