import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';

import { PhotoStore } from './photo-store';

/** A photo as a case answer carries it: an uploaded one has `photoId` and a `photo:<id>` url. */
interface PhotoRef {
  photoId: string;
  url: string;
}

function isPhotoRef(v: unknown): v is PhotoRef {
  const o = v as Partial<PhotoRef> | null;
  return typeof o === 'object' && o !== null && typeof o.photoId === 'string' && typeof o.url === 'string' && o.url.startsWith('photo:');
}

/** Every uploaded photo in `value`, however deep (case views, pages of them, timelines). */
function collect(value: unknown, out: PhotoRef[], depth = 0): void {
  if (depth > 6 || typeof value !== 'object' || value === null) return;
  if (isPhotoRef(value)) {
    out.push(value);
    return;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) collect(v, out, depth + 1);
}

/** Answers of case endpoints give each uploaded photo a fresh signed URL in place of its `photo:<id>` reference. */
@Injectable()
export class PhotoUrlsInterceptor implements NestInterceptor {
  constructor(private readonly photos: PhotoStore) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            const refs: PhotoRef[] = [];
            collect(body, refs);
            await Promise.all(
              refs.map(async (p) => {
                p.url = (await this.photos.sign(p.photoId)).url;
              }),
            );
            return body;
          })(),
        ),
      ),
    );
  }
}
