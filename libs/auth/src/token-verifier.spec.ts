import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type KeyLike } from 'jose';

import { TokenVerifier } from './token-verifier';

async function keyPair(kid: string): Promise<{ privateKey: KeyLike; jwk: JSONWebKeySet['keys'][number] }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' } };
}

function token(key: KeyLike, kid: string, claims: Record<string, unknown> = {}, expSeconds = 60): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ kind: 'staff', name: 'zhang', roles: ['community_operator'], node: '410102005001', dept: null, staff: null, scope: '', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
    .setIssuer('citygrid-identity')
    .setAudience('citygrid')
    .setSubject('acc-1')
    .setJti('j1')
    .setIssuedAt(now)
    .setExpirationTime(now + expSeconds)
    .sign(key);
}

describe('TokenVerifier', () => {
  it('turns a valid token into the caller it speaks for', async () => {
    const k = await keyPair('k1');
    const sut = new TokenVerifier(async () => ({ keys: [k.jwk] }));
    await expect(sut.verify(await token(k.privateKey, 'k1'))).resolves.toEqual({
      id: 'acc-1',
      kind: 'staff',
      name: 'zhang',
      roles: ['community_operator'],
      nodeScope: '410102005001',
      departmentCode: null,
      staffId: null,
      scopes: [],
    });
  });

  it('refuses missing, expired, foreign-signed and wrong-audience tokens', async () => {
    const k = await keyPair('k1');
    const other = await keyPair('k1');
    const sut = new TokenVerifier(async () => ({ keys: [k.jwk] }));
    await expect(sut.verify(undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(sut.verify(await token(k.privateKey, 'k1', {}, -10))).rejects.toMatchObject({ detail: expect.stringMatching(/expired/) });
    await expect(sut.verify(await token(other.privateKey, 'k1'))).rejects.toMatchObject({ code: 'unauthenticated' });
    const wrongAud = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
      .setIssuer('citygrid-identity')
      .setAudience('elsewhere')
      .setSubject('x')
      .setJti('j')
      .setExpirationTime('1m')
      .sign(k.privateKey);
    await expect(sut.verify(wrongAud)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('fetches the key set again when a token names a new key (rotation)', async () => {
    const k1 = await keyPair('k1');
    const k2 = await keyPair('k2');
    let keys = [k1.jwk];
    let fetches = 0;
    const sut = new TokenVerifier(async () => {
      fetches++;
      return { keys };
    });
    await sut.verify(await token(k1.privateKey, 'k1'));
    keys = [k2.jwk, k1.jwk];
    await new Promise((r) => setTimeout(r, 5100));
    await expect(sut.verify(await token(k2.privateKey, 'k2'))).resolves.toMatchObject({ id: 'acc-1' });
    await expect(sut.verify(await token(k1.privateKey, 'k1'))).resolves.toMatchObject({ id: 'acc-1' });
    expect(fetches).toBe(2);
  }, 15000);

  it('refuses tokens of a revoked session until they would have expired', async () => {
    const k = await keyPair('k1');
    const sut = new TokenVerifier(async () => ({ keys: [k.jwk] }));
    sut.revokeSession('sess-1', Date.now() + 60000);
    await expect(sut.verify(await token(k.privateKey, 'k1', { sid: 'sess-1' }))).rejects.toMatchObject({ detail: expect.stringMatching(/revoked/) });
    await expect(sut.verify(await token(k.privateKey, 'k1', { sid: 'sess-2' }))).resolves.toMatchObject({ id: 'acc-1' });
  });

  it('remembers a verified token, yet refuses it once it expires or its session is revoked', async () => {
    const k = await keyPair('k1');
    const sut = new TokenVerifier(async () => ({ keys: [k.jwk] }));
    // exp has whole seconds: 3 s leaves at least 2 s for the checks before it, on a busy machine too
    const shortLived = await token(k.privateKey, 'k1', { sid: 'sess-3' }, 3);
    const first = await sut.verify(shortLived);
    // the same token again: the same (frozen) caller, without verifying the signature anew
    expect(await sut.verify(shortLived)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
    sut.revokeSession('sess-3', Date.now() + 60000);
    await expect(sut.verify(shortLived)).rejects.toMatchObject({ detail: expect.stringMatching(/revoked/) });
    const other = await token(k.privateKey, 'k1', { sid: 'sess-4' }, 3);
    await sut.verify(other);
    // until just past its expiry (jose allows no clock tolerance here)
    await new Promise((r) => setTimeout(r, decodeJwt(other).exp! * 1000 - Date.now() + 100));
    await expect(sut.verify(other)).rejects.toMatchObject({ detail: expect.stringMatching(/expired/) });
  }, 10000);
});
