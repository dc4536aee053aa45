import { Public } from '@citygrid/auth';
import { ChangePasswordDto, GrantType, IdentityRpc, JwksView, LoginDto, LogoutDto, PasswordChangedView, TokenRequestDto, TokenResponse } from '@citygrid/contracts/identity';
import { flattenValidationErrors, RpcClient, ServiceError } from '@citygrid/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Post, Req, Res, SetMetadata, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';

import { ApiProblems } from '../shared/http';
import { OAuthError, oauthErrorFrom, OAuthErrorFilter } from '../shared/oauth-error';

/** Marks login, logout and the token endpoint: they get `AUTH_RATE_LIMIT_PER_MINUTE` (10) instead of the API's limit. */
export const AUTH_THROTTLED = 'citygrid:auth-throttled';
const AuthThrottle = (): MethodDecorator => SetMetadata(AUTH_THROTTLED, true);

/** Staff login and logout (outside `/api/v1`). */
@ApiTags('Authentication')
@Public()
@Controller()
export class AuthController {
  constructor(private readonly identity: RpcClient) {}

  @Post('auth/login')
  @HttpCode(200)
  @AuthThrottle()
  @ApiOperation({ summary: 'Log in with login and password: an access token (JWT, 10 min) and a refresh token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(400)
  @ApiResponse({ status: 401, description: 'invalid login or password (the same answer for an unknown login)' })
  @ApiResponse({
    status: 429,
    description:
      'Too many attempts from this address: after 5 failed logins for a login (identity’s LOGIN_FREE_FAILURES), each further attempt from the address waits (Retry-After, seconds) twice as long as the last; other addresses are not affected',
    headers: { 'Retry-After': { description: 'Seconds until the next attempt from this address may be made', schema: { type: 'integer' } } },
  })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenResponse> {
    res.setHeader('Cache-Control', 'no-store');
    // identity throttles failed logins per login and client address: tell it who the client is
    // (`req.ip` honours TRUST_PROXY, so behind a proxy it is the client, not the proxy).
    return this.identity.send(IdentityRpc.authLogin, { credentials: dto, sourceAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown' });
  }

  @Post('auth/password')
  @HttpCode(200)
  @AuthThrottle()
  @ApiOperation({
    summary: 'Set a new password with the current one, or with the one-time password of a reset',
    description: 'Throttled like a login, with one answer (401) for every refused attempt. Every session of the account is revoked: log in again with the new password.',
  })
  @ApiOkResponse({ type: PasswordChangedView })
  @ApiProblems(400)
  @ApiResponse({ status: 401, description: 'invalid login or password, or an expired one-time password (the same answer for an unknown login)' })
  @ApiResponse({ status: 429, description: 'Too many attempts from this address, as for a login', headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } })
  async changePassword(@Body() dto: ChangePasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PasswordChangedView> {
    res.setHeader('Cache-Control', 'no-store');
    return this.identity.send(IdentityRpc.authPasswordChange, { change: dto, sourceAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown' });
  }

  @Post('auth/logout')
  @HttpCode(204)
  @AuthThrottle()
  @ApiOperation({ summary: 'Log out: revoke the session of this refresh token (its access tokens are refused from now on)' })
  @ApiNoContentResponse()
  @ApiProblems(400)
  async logout(@Body() dto: LogoutDto): Promise<void> {
    await this.identity.send(IdentityRpc.authLogout, dto);
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys (JWKS) that verify CityGrid access tokens; holds two keys during a rotation' })
  @ApiOkResponse({ type: JwksView })
  async jwks(@Res({ passthrough: true }) res: Response): Promise<JwksView> {
    res.setHeader('Cache-Control', 'public, max-age=60');
    return this.identity.send(IdentityRpc.keysJwks, {});
  }
}

/** OAuth 2.0 token endpoint (RFC 6749): client_credentials and refresh_token. */
@ApiTags('Authentication')
@ApiExtraModels(TokenRequestDto)
@Public()
@Controller()
@UseFilters(OAuthErrorFilter)
export class OAuthController {
  constructor(private readonly identity: RpcClient) {}

  @Post('oauth/token')
  @HttpCode(200)
  @AuthThrottle()
  @ApiOperation({ summary: 'OAuth 2.0 token endpoint: client_credentials (client id and secret in the body or HTTP Basic) or refresh_token' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponse })
  @ApiResponse({ status: 400, description: 'RFC 6749 §5.2 `{ error, error_description }`: invalid_request, invalid_grant, invalid_scope, unsupported_grant_type' })
  @ApiResponse({ status: 401, description: '`{ error: "invalid_client" }`' })
  async token(@Body() body: Record<string, unknown>, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<TokenResponse> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const fields: Record<string, unknown> = { ...(body ?? {}) };
    const basic = parseBasic(authorization);
    if (basic) {
      if (fields['client_id'] !== undefined && fields['client_id'] !== basic.id) throw new OAuthError(400, 'invalid_request', 'client_id differs between the body and the Authorization header.');
      fields['client_id'] = basic.id;
      fields['client_secret'] = basic.secret;
    }
    if (!Object.values(GrantType).includes(fields['grant_type'] as GrantType)) {
      throw new OAuthError(400, fields['grant_type'] === undefined ? 'invalid_request' : 'unsupported_grant_type', 'grant_type must be client_credentials or refresh_token.');
    }
    const dto = plainToInstance(TokenRequestDto, fields);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length)
      throw new OAuthError(
        400,
        'invalid_request',
        flattenValidationErrors(errors)
          .map((e) => `${e.field}: ${e.reason}`)
          .join('; '),
      );
    try {
      return await this.identity.send(IdentityRpc.oauthToken, dto);
    } catch (err) {
      if (err instanceof ServiceError) throw oauthErrorFrom(err, dto.grant_type);
      throw err;
    }
  }
}

/** RFC 6749 §2.3.1: `Basic base64(urlencode(id):urlencode(secret))`. */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) throw new OAuthError(401, 'invalid_client', 'Malformed Basic credentials.');
  try {
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    throw new OAuthError(401, 'invalid_client', 'Malformed Basic credentials.');
  }
}
