import { SetMetadata } from '@nestjs/common';

/** Handlers marked `@Public()` need no caller (login, token, key set, health). */
export const IS_PUBLIC = 'citygrid:public';
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
