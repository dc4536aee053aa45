import { AccountsController, ClientsController, KeysController } from './accounts.controller';
import { AuthController, OAuthController } from './auth.controller';

export { AUTH_THROTTLED } from './auth.controller';

/** Controllers of identity's public API: login, OAuth token, JWKS, accounts, clients, keys. */
export const IDENTITY_CONTROLLERS = [AuthController, OAuthController, AccountsController, ClientsController, KeysController];
