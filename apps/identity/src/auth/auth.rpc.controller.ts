import { Public } from '@citygrid/auth';
import {
  ChangePasswordRequest,
  IdentityRpc,
  LoginRequest,
  LogoutDto,
  TokenRequestDto,
  type LogoutResult,
  type PasswordChangedView,
  type RevokedSessionsView,
  type TokenResponse,
} from '@citygrid/contracts/identity';
import { RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { AuthService } from './auth.service';
import { SessionsService } from './sessions.service';

/** NATS handlers for login, the OAuth token endpoint, logout and the revoked-session list: no caller needed. */
@RpcController()
export class AuthRpcController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @MessagePattern(IdentityRpc.authLogin)
  login(@Payload('payload') req: LoginRequest): Promise<TokenResponse> {
    return this.auth.login(req);
  }

  @Public()
  @MessagePattern(IdentityRpc.authPasswordChange)
  changePassword(@Payload('payload') req: ChangePasswordRequest): Promise<PasswordChangedView> {
    return this.auth.changePassword(req);
  }

  @Public()
  @MessagePattern(IdentityRpc.oauthToken)
  token(@Payload('payload') dto: TokenRequestDto): Promise<TokenResponse> {
    return this.auth.token(dto);
  }

  @Public()
  @MessagePattern(IdentityRpc.authLogout)
  logout(@Payload('payload') dto: LogoutDto): Promise<LogoutResult> {
    return this.auth.logout(dto.refresh_token);
  }

  @Public()
  @MessagePattern(IdentityRpc.sessionRevokedList)
  async revokedList(): Promise<RevokedSessionsView> {
    return { sessionIds: await this.sessions.recentlyRevoked() };
  }
}
