import { IdentityRpc, LoginDto, type TokenResponse } from '@citygrid/contracts/identity';
import { ServiceError, type RpcClient } from '@citygrid/service-kit';
import type { Request, Response } from 'express';

import { HttpInputPipe } from '../shared/http';
import { AuthController } from './auth.controller';

const tokens: TokenResponse = { access_token: 'at', token_type: 'Bearer', expires_in: 600, refresh_token: 'rt', scope: '' };

describe('AuthController.login', () => {
  const send = jest.fn(async () => tokens);
  const sut = new AuthController({ send } as unknown as RpcClient);
  const res = { setHeader: jest.fn() } as unknown as Response;
  const body = Object.assign(new LoginDto(), { login: 'root', password: 'root-password-2026' });

  beforeEach(() => send.mockClear());

  it('sends identity the credentials and the client address, and forbids caching the tokens', async () => {
    await expect(sut.login(body, { ip: '203.0.113.7', socket: { remoteAddress: '10.0.0.2' } } as unknown as Request, res)).resolves.toEqual(tokens);
    expect(send).toHaveBeenCalledWith(IdentityRpc.authLogin, { credentials: body, sourceAddress: '203.0.113.7' });
    expect(res.setHeader).toHaveBeenCalledWith('Cache-Control', 'no-store');
  });

  it('falls back to the socket peer when Express knows no address', async () => {
    await sut.login(body, { ip: undefined, socket: { remoteAddress: '10.0.0.2' } } as unknown as Request, res);
    expect(send).toHaveBeenCalledWith(IdentityRpc.authLogin, { credentials: body, sourceAddress: '10.0.0.2' });
  });

  it('lets no client name its own source address: the body is a LoginDto and nothing more', async () => {
    const pipe = new HttpInputPipe();
    const refused = await Promise.resolve()
      .then(() => pipe.transform({ login: 'root', password: 'x', sourceAddress: '198.51.100.20' }, { type: 'body', metatype: LoginDto }))
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).errors).toEqual([{ field: 'sourceAddress', reason: 'property sourceAddress should not exist' }]);
    await expect(Promise.resolve(pipe.transform({ login: 'root', password: 'x' }, { type: 'body', metatype: LoginDto }))).resolves.toBeInstanceOf(LoginDto);
  });
});
