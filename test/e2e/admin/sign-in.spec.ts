import { expect } from 'chai';
import { currentTotp, generateRecoveryCodes } from '../../../src/auth/totp.js';
import { RecoveryCode, User } from '../../../src/models/index.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { browser, createStaff, signedIn, submitCode, submitPassword, TEST_TOTP_SECRET } from './support.js';

describe('back office: staff sign-in', () => {
  beforeEach(resetDatabase);

  it('when nobody is signed in, then /admin and its API redirect to the sign-in page', async () => {
    const agent = await browser();
    for (const path of ['/admin', '/admin/resources/customers', '/admin/api/resources/customers/actions/list']) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location).to.equal('/admin/login');
    }
    const page = await agent.get('/admin/login');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Staff sign-in').and.contain('name="password"');
  });

  it('when the password is wrong, then the form says so, no second step opens and the failure is counted', async () => {
    const staff = await createStaff('admin');
    const agent = await browser();
    const res = await submitPassword(agent, staff.email, 'not the password at all');
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Invalid email or password.');
    expect((await agent.get('/admin/login/two-factor')).headers.location).to.equal('/admin/login');
    expect((await User.findByPk(staff.id))!.failedLoginCount).to.equal(1);
  });

  it('when the password is right, then a TOTP code is asked, a wrong one refused and the right one opens /admin', async () => {
    const staff = await createStaff('support');
    const agent = await browser();
    const password = await submitPassword(agent, staff.email);
    expect(password.status).to.equal(303);
    expect(password.headers.location).to.equal('/admin/login/two-factor');
    expect((await agent.get('/admin')).headers.location, 'not signed in before the code').to.equal('/admin/login');

    const wrong = await submitCode(agent, currentTotp(TEST_TOTP_SECRET) === '000000' ? '111111' : '000000');
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.contain('That code is not valid');

    const right = await submitCode(agent, currentTotp(TEST_TOTP_SECRET));
    expect(right.headers.location).to.equal('/admin');
    const home = await agent.get('/admin');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain('REDUX_STATE').and.contain(staff.email);
    const reloaded = (await User.findByPk(staff.id))!;
    expect(reloaded.lastLoginAt).to.be.instanceOf(Date);
    expect(reloaded.failedLoginCount).to.equal(0);
  });

  it('when a recovery code is entered at the challenge, then it signs in once and is spent', async () => {
    const staff = await createStaff('finance');
    const { codes, hashes } = generateRecoveryCodes(2);
    await RecoveryCode.bulkCreate(hashes.map((codeHash) => ({ userId: staff.id, codeHash })));

    const first = await browser();
    await submitPassword(first, staff.email);
    expect((await submitCode(first, codes[0]!.toUpperCase())).headers.location).to.equal('/admin');
    expect(await RecoveryCode.count({ where: { userId: staff.id, usedAt: null } })).to.equal(1);

    const second = await browser();
    await submitPassword(second, staff.email);
    expect((await submitCode(second, codes[0]!)).status, 'a spent code').to.equal(401);
  });

  it('when a customer enters their right password, then the back office refuses them like a wrong one', async () => {
    const customer = await createCustomer({}, 'with2fa');
    const user = (await User.findByPk(customer.userId))!;
    const agent = await browser();
    const res = await submitPassword(agent, user.email);
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Invalid email or password.');
    expect((await agent.get('/admin')).headers.location).to.equal('/admin/login');
  });

  it('when the password is wrong five times, then the account locks and even the right password is refused', async () => {
    const staff = await createStaff('admin');
    const agent = await browser();
    for (let i = 0; i < 5; i += 1) await submitPassword(agent, staff.email, `wrong password ${i}`);
    expect((await User.findByPk(staff.id))!.lockedUntil).to.be.instanceOf(Date);
    const res = await submitPassword(agent, staff.email);
    expect(res.status).to.equal(423);
    expect(res.text).to.contain('locked');
  });

  it('when a form is posted without its CSRF token, then it is refused', async () => {
    const staff = await createStaff('admin');
    const agent = await browser();
    await agent.get('/admin/login');
    const res = await agent.post('/admin/login').type('form').send({ email: staff.email, password: 'whatever-password' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('This form has expired');
  });

  it('when staff sign out, then /admin asks for a sign-in again', async () => {
    const agent = await signedIn(await createStaff('admin'));
    const out = await agent.get('/admin/logout');
    expect(out.headers.location).to.equal('/admin/login?signed_out=1');
    expect((await agent.get('/admin')).headers.location).to.equal('/admin/login');
  });

  it('when staff sign in, then the admin cookie is HttpOnly, SameSite=Lax, scoped to /admin and idles out after SESSION_IDLE_MINUTES', async () => {
    const staff = await createStaff('admin');
    const agent = await browser();
    const res = await submitPassword(agent, staff.email);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('ezs_admin='));
    expect(cookie).to.be.a('string');
    expect(cookie).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i).and.match(/Path=\/admin/);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie!)![1]!);
    expect(Math.abs(expires - (Date.now() + 120 * 60_000))).to.be.below(60_000);
  });

  it('when a user is suspended or loses the staff role, then their open back-office session ends', async () => {
    const staff = await createStaff('support');
    const agent = await signedIn(staff);
    expect((await agent.get('/admin')).status).to.equal(200);
    await User.update({ role: 'customer' }, { where: { id: staff.id } });
    expect((await agent.get('/admin')).headers.location).to.equal('/admin/login');
  });

  it('when more than 20 sign-in attempts come from one address, then the next is refused with 429', async () => {
    const agent = await browser();
    const form = await agent.get('/admin/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    let last = 0;
    for (let i = 0; i < 21; i += 1) {
      last = (await agent.post('/admin/login').type('form').send({ _csrf: csrf, email: `nobody${i}@example.test`, password: 'x' })).status;
    }
    expect(last).to.equal(429);
    const page = await agent.post('/admin/login').type('form').send({ _csrf: csrf, email: 'x@example.test', password: 'x' });
    expect(page.status).to.equal(429);
    expect(page.text).to.contain('Too many attempts');
  });
});
