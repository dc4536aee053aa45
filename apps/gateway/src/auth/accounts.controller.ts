import type { Page } from '@citygrid/contracts';
import {
  AccountView,
  ApiKeyView,
  IssueApiKeyBody,
  IssuedApiKeyView,
  ClientView,
  CreateAccountDto,
  CreateClientDto,
  CreatedClientView,
  IdentityRpc,
  KeyRotationView,
  ListAccountsQuery,
  ListClientsQuery,
  PasswordResetView,
  UpdateAccountDto,
} from '@citygrid/contracts/identity';
import { RpcClient } from '@citygrid/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiPage, ApiProblems, Calls, parseId } from '../shared/http';

/** Staff accounts: the system administrator, or operators within their own subtree. */
@ApiTags('Accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly identity: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Create a staff account (operators: only roles at or below their own, within their own node scope; 403 names the field)' })
  @ApiCreatedResponse({ type: AccountView })
  @ApiProblems(400, 401, 403, 409)
  @Calls(IdentityRpc.accountCreate)
  create(@Body() dto: CreateAccountDto): Promise<AccountView> {
    return this.identity.send(IdentityRpc.accountCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List accounts in the caller’s scope' })
  @ApiPage(AccountView)
  @ApiProblems(400, 401, 403)
  @Calls(IdentityRpc.accountList)
  list(@Query() q: ListAccountsQuery): Promise<Page<AccountView>> {
    return this.identity.send(IdentityRpc.accountList, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account (404 outside the caller’s scope)' })
  @ApiOkResponse({ type: AccountView })
  @ApiProblems(400, 401, 404)
  @Calls(IdentityRpc.accountGet)
  get(@Param('id', parseId) id: string): Promise<AccountView> {
    return this.identity.send(IdentityRpc.accountGet, { id });
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an account and revoke its sessions' })
  @ApiOkResponse({ type: AccountView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(IdentityRpc.accountDisable)
  disable(@Param('id', parseId) id: string): Promise<AccountView> {
    return this.identity.send(IdentityRpc.accountDisable, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change an account’s roles, node scope, department or state',
    description:
      'Only the fields given change. The caller must be able to grant what the account holds and what it will hold (403 names the field); nobody changes her own. A change of authority, or disabling, revokes the account’s sessions at once.',
  })
  @ApiOkResponse({ type: AccountView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(IdentityRpc.accountUpdate)
  update(@Param('id', parseId) id: string, @Body() changes: UpdateAccountDto): Promise<AccountView> {
    return this.identity.send(IdentityRpc.accountUpdate, { id, changes });
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue a one-time password for an account (shown once)',
    description: 'The account cannot log in until its owner sets a new password with the one-time password at POST /auth/password; its sessions are revoked now.',
  })
  @ApiOkResponse({ type: PasswordResetView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(IdentityRpc.accountPasswordReset)
  resetPassword(@Param('id', parseId) id: string): Promise<PasswordResetView> {
    return this.identity.send(IdentityRpc.accountPasswordReset, { id });
  }
}

/** API clients (other city systems): system administrator only. */
@ApiTags('API clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly identity: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Register an API client; the answer holds its secret, shown only this once' })
  @ApiCreatedResponse({ type: CreatedClientView })
  @ApiProblems(400, 401, 403)
  @Calls(IdentityRpc.clientCreate)
  create(@Body() dto: CreateClientDto): Promise<CreatedClientView> {
    return this.identity.send(IdentityRpc.clientCreate, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List API clients' })
  @ApiPage(ClientView)
  @ApiProblems(400, 401, 403)
  @Calls(IdentityRpc.clientList)
  list(@Query() q: ListClientsQuery): Promise<Page<ClientView>> {
    return this.identity.send(IdentityRpc.clientList, q);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an API client: it gets no new tokens' })
  @ApiOkResponse({ type: ClientView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(IdentityRpc.clientDisable)
  disable(@Param('id', parseId) id: string): Promise<ClientView> {
    return this.identity.send(IdentityRpc.clientDisable, { id });
  }

  @Post(':id/api-keys')
  @ApiOperation({
    summary: 'Issue an Open311 API key for the client; the answer holds the key, shown only this once (a client may hold several, to rotate)',
  })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  @ApiProblems(400, 401, 403, 404, 409)
  @Calls(IdentityRpc.apiKeyIssue)
  issueApiKey(@Param('id', parseId) id: string, @Body() body: IssueApiKeyBody): Promise<IssuedApiKeyView> {
    return this.identity.send(IdentityRpc.apiKeyIssue, { clientId: id, label: body.label });
  }

  @Get(':id/api-keys')
  @ApiOperation({ summary: 'List the client’s API keys (their public prefix, never the key)' })
  @ApiOkResponse({ type: ApiKeyView, isArray: true })
  @ApiProblems(400, 401, 403, 404)
  @Calls(IdentityRpc.apiKeyList)
  listApiKeys(@Param('id', parseId) id: string): Promise<ApiKeyView[]> {
    return this.identity.send(IdentityRpc.apiKeyList, { clientId: id });
  }

  @Delete(':id/api-keys/:keyId')
  @ApiOperation({ summary: 'Revoke an API key: Open311 refuses it within 60 seconds (the gateway caches a key’s token no longer)' })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiProblems(400, 401, 403, 404)
  @Calls(IdentityRpc.apiKeyRevoke)
  revokeApiKey(@Param('id', parseId) id: string, @Param('keyId', parseId) keyId: string): Promise<ApiKeyView> {
    return this.identity.send(IdentityRpc.apiKeyRevoke, { clientId: id, keyId });
  }
}

/** Signing keys. */
@ApiTags('Accounts')
@ApiBearerAuth()
@Controller('keys')
export class KeysController {
  constructor(private readonly identity: RpcClient) {}

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the signing key; the previous key stays in the JWKS until its tokens have expired' })
  @ApiOkResponse({ type: KeyRotationView })
  @ApiProblems(401, 403)
  @Calls(IdentityRpc.keysRotate)
  rotate(): Promise<KeyRotationView> {
    return this.identity.send(IdentityRpc.keysRotate, {});
  }
}
