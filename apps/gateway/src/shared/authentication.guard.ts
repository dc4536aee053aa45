import { AccessDenied, IS_PUBLIC, TokenVerifier } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { ServiceError } from '@citygrid/service-kit';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

/**
 * Authentication comes first: a request to a non-public operation without a valid bearer token
 * (missing, malformed, forged, expired, revoked session) is answered 401 with the Bearer
 * challenge here, before its input is validated, so an anonymous caller learns nothing about the
 * API's rules. Guards run before pipes in Nest. The services still verify the token themselves:
 * they are reachable on NATS without the gateway.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const token = typeof header === 'string' && /^Bearer [A-Za-z0-9._~+/=-]+$/.test(header) ? header.slice(7) : undefined;
    if (!token) throw new ServiceError(ErrorCode.Unauthenticated, header ? 'The Authorization header must be `Bearer <access token>`.' : 'A valid access token is required.');
    try {
      await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof AccessDenied) throw new ServiceError(ErrorCode.Unauthenticated, err.detail);
      throw err;
    }
    return true;
  }
}
