import { AsyncLocalStorage } from 'node:async_hooks';

import { ErrorCode } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { createParamDecorator } from '@nestjs/common';

import { AccessDenied } from './scope';

const storage = new AsyncLocalStorage<Caller>();

/** Run `fn` on behalf of a verified caller. */
export function runAsCaller<T>(caller: Caller, fn: () => T): T {
  return storage.run(caller, fn);
}

/** The verified caller of the current request, or undefined outside one. */
export function currentCaller(): Caller | undefined {
  return storage.getStore();
}

/** The verified caller, or 401. */
export function requireCaller(): Caller {
  const caller = storage.getStore();
  if (!caller) throw new AccessDenied(ErrorCode.Unauthenticated, 'A valid access token is required.');
  return caller;
}

/** Handler parameter: the verified caller of this NATS request. */
export const CurrentCaller = createParamDecorator((): Caller => requireCaller());
