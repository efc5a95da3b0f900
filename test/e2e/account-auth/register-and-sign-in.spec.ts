import { expect } from 'chai';
import { User } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { browser, csrfOf, mailsTo, submit, tokenFrom } from './support.js';

const form = { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.test', password: 'a long enough password', company: '', country: 'US' };

describe('account e2e: register, verify, sign in', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when a visitor registers, verifies the mailed link, signs out and in again, then they reach their account', async () => {
    const agent = await browser();
    const registered = await submit(agent, '/account/register', '/account/register', form);
    expect(registered.status).to.equal(303);
    expect(registered.headers.location).to.equal('/account');

    const security = await agent.get('/account/security');
    expect(security.status).to.equal(200);
    expect(security.text).to.contain('Please confirm your email address');
    expect(security.text).to.contain('We sent a link to grace@example.test');

    const [mail] = await mailsTo('grace@example.test', 'verify-email');
    const link = /(http:\/\/[^\s]+\/account\/verify-email\?token=[^\s]+)/.exec(mail!.text!)![1]!;
    const verified = await agent.get(new URL(link).pathname + new URL(link).search);
    expect(verified.status).to.equal(303);
    expect(verified.headers['referrer-policy']).to.equal('no-referrer');
    expect((await User.findOne({ where: { email: 'grace@example.test' } }))?.emailVerifiedAt).to.be.instanceOf(Date);
    const after = await agent.get('/account/security');
    expect(after.text).to.contain('Thank you, your email address is confirmed.');
    expect(after.text).not.to.contain('Please confirm your email address');

    const out = await agent.post('/account/logout').type('form').send({ _csrf: csrfOf(after.text) });
    expect(out.headers.location).to.equal('/account/login');
    expect((await agent.get('/account/security')).headers.location).to.equal('/account/login?next=%2Faccount%2Fsecurity');

    const back = await submit(agent, '/account/login?next=/account/security', '/account/login', { email: 'GRACE@example.test', password: form.password, next: '/account/security' });
    expect(back.status).to.equal(303);
    expect(back.headers.location).to.equal('/account/security');
    expect((await agent.get('/account/security')).status).to.equal(200);
  });

  it('when the form is incomplete or the email is taken, then the page says which field is wrong and keeps the values', async () => {
    const agent = await browser();
    const bad = await submit(agent, '/account/register', '/account/register', { ...form, password: 'short', country: 'XX' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Passwords need at least 10 characters').and.contain('Choose your country').and.contain('value="grace@example.test"');
    expect(bad.text).not.to.contain('value="short"');
    await submit(agent, '/account/register', '/account/register', form);
    const again = await submit(await browser(), '/account/register', '/account/register', form);
    expect(again.status).to.equal(409);
    expect(again.text).to.contain('An account with this email already exists');
    expect(await User.count()).to.equal(1);
  });

  it('when a signed-in customer opens the login or register page, then they go to their account', async () => {
    const agent = await browser();
    await submit(agent, '/account/register', '/account/register', form);
    expect((await agent.get('/account/login')).headers.location).to.equal('/account');
    expect((await agent.get('/account/register')).headers.location).to.equal('/account');
    const dashboard = await agent.get('/account');
    expect(dashboard.status).to.equal(200);
    expect(dashboard.text).to.contain('Dashboard');
    expect(await tokenFrom(agent, '/account/verify-email/notice')).to.be.a('string');
  });
});
