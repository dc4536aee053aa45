import { Public } from '@citygrid/auth';
import { IdentityRpc, LoginRequest, LogoutDto, TokenRequestDto, type LogoutResult, type RevokedSessionsView, type TokenResponse } from '@citygrid/contracts/identity';
import { rpcSubject } from '@citygrid/messaging';
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
  @MessagePattern(rpcSubject(IdentityRpc.authLogin))
  login(@Payload('payload') req: LoginRequest): Promise<TokenResponse> {
    return this.auth.login(req);
  }

  @Public()
  @MessagePattern(rpcSubject(IdentityRpc.oauthToken))
  token(@Payload('payload') dto: TokenRequestDto): Promise<TokenResponse> {
    return this.auth.token(dto);
  }

  @Public()
  @MessagePattern(rpcSubject(IdentityRpc.authLogout))
  logout(@Payload('payload') dto: LogoutDto): Promise<LogoutResult> {
    return this.auth.logout(dto.refresh_token);
  }

  @Public()
  @MessagePattern(rpcSubject(IdentityRpc.sessionRevokedList))
  async revokedList(): Promise<RevokedSessionsView> {
    return { sessionIds: await this.sessions.recentlyRevoked() };
  }
}
