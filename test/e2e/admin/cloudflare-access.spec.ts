import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { config, setConfig, type Config } from '../../../config/index.js';
import { forgetAccessKeys } from '../../../src/auth/cloudflare-access.js';
import { currentTotp } from '../../../src/auth/totp.js';
import { AuditLog } from '../../../src/models/index.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { browser, createStaff, submitCode, TEST_TOTP_SECRET } from './support.js';

const AUD = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** Cloudflare Access as staff meet it: a team origin publishing its signing keys, and tokens it signs. */
describe('back office: Cloudflare Access as the first factor', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'access-key-1';
  let server: http.Server;
  let origin = '';
  let certRequests = 0;
  let original: Config;

  const sign = (claims: Record<string, unknown>, key: crypto.KeyObject = privateKey): string => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${part({ alg: 'RS256', kid, typ: 'JWT' })}.${part({ aud: [AUD], iss: origin, iat: now, nbf: now, exp: now + 600, type: 'app', ...claims })}`;
    return `${body}.${crypto.sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
  };

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url !== '/cdn-cgi/access/certs') return void res.writeHead(404).end();
      certRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    original = config();
    setConfig({ ...original, cfAccess: { teamDomain: origin, aud: AUD } });
    forgetAccessKeys();
  });
  after(async () => {
    setConfig(original);
    forgetAccessKeys();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(resetDatabase);

  it('when a verified Access token names a staff member, then the password is skipped, the TOTP code is still asked and opens /admin', async () => {
    const staff = await createStaff('finance');
    const agent = await browser();
    const login = await agent.get('/admin/login').set('Cf-Access-Jwt-Assertion', sign({ email: staff.email.toUpperCase() }));
    expect(login.status).to.equal(303);
    expect(login.headers.location).to.equal('/admin/login/two-factor');
    expect((await agent.get('/admin')).headers.location, 'not signed in before the code').to.equal('/admin/login');

    const code = await submitCode(agent, currentTotp(TEST_TOTP_SECRET));
    expect(code.headers.location).to.equal('/admin');
    expect((await agent.get('/admin')).status).to.equal(200);
    const audit = await AuditLog.findOne({ where: { action: 'user.access_verified', entityId: String(staff.id) } });
    expect(audit?.after).to.include({ email: staff.email });
    expect(certRequests, 'the keys are fetched once and cached').to.equal(1);
  });

  it('when the token is forged, for another application, expired, from another issuer or names no staff member, then the password form is shown and nothing opens', async () => {
    const staff = await createStaff('admin');
    const customer = await createCustomer();
    const now = Math.floor(Date.now() / 1000);
    const refused: Record<string, string> = {
      'signed by another key': sign({ email: staff.email }, stranger.privateKey),
      'another audience': sign({ email: staff.email, aud: ['someone-else'] }),
      expired: sign({ email: staff.email, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
      'another issuer': sign({ email: staff.email, iss: 'https://other.cloudflareaccess.com' }),
      'a customer': sign({ email: customer.user!.email }),
      'an unknown email': sign({ email: 'nobody@example.test' }),
      'not a token': 'abc.def',
    };
    for (const [why, token] of Object.entries(refused)) {
      const agent = await browser();
      const login = await agent.get('/admin/login').set('Cf-Access-Jwt-Assertion', token);
      expect(login.status, why).to.equal(200);
      expect(login.text, why).to.contain('name="password"');
      expect((await agent.get('/admin/login/two-factor')).headers.location, why).to.equal('/admin/login');
    }
    expect(await AuditLog.count({ where: { action: 'user.access_verified' } })).to.equal(0);
  });

  it('when Access is not configured, then the header is ignored', async () => {
    const staff = await createStaff('support');
    setConfig({ ...original, cfAccess: {} });
    try {
      const login = await (await browser()).get('/admin/login').set('Cf-Access-Jwt-Assertion', sign({ email: staff.email }));
      expect(login.status).to.equal(200);
      expect(login.text).to.contain('name="password"');
    } finally {
      setConfig({ ...original, cfAccess: { teamDomain: origin, aud: AUD } });
    }
  });
});
