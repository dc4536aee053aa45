import { Module } from '@nestjs/common';

import { KeysModule } from '../keys/keys.module';
import { AccessTokensService } from './access-tokens.service';
import { AuthRpcController } from './auth.rpc.controller';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';

/** Login, OAuth client credentials, logout: access tokens, sessions and the login throttle. */
@Module({
  imports: [KeysModule],
  controllers: [AuthRpcController],
  providers: [AccessTokensService, SessionsService, LoginThrottleService, AuthService],
  exports: [SessionsService, AccessTokensService],
})
export class AuthModule {}
