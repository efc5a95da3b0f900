import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, browser, createAccount, mailsTo, submit, tokenInMail } from './support.js';

const NEW_PASSWORD = 'a fresh new passphrase';

describe('account e2e: forgotten password', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when a reset is asked, then known and unknown emails get the same answer and only the known one a mail', async () => {
    const user = await createAccount();
    const agent = await browser();
    const known = await submit(agent, '/account/forgot-password', '/account/forgot-password', { email: user.email });
    const knownPage = await agent.get(known.headers.location as string);
    const unknown = await submit(agent, '/account/forgot-password', '/account/forgot-password', { email: 'nobody@example.test' });
    const unknownPage = await agent.get(unknown.headers.location as string);
    expect(knownPage.text).to.contain(`If an account exists for ${user.email}, we sent it a link`);
    expect(unknownPage.text).to.contain('If an account exists for nobody@example.test, we sent it a link');
    expect(await mailsTo(user.email, 'password-reset')).to.have.length(1);
    expect(await mailsTo('nobody@example.test')).to.have.length(0);
  });

  it('when the mailed link is used, then the new password signs in, the old does not, and the link is spent', async () => {
    const user = await createAccount();
    const agent = await browser();
    await submit(agent, '/account/forgot-password', '/account/forgot-password', { email: user.email });
    const token = tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password');
    const page = await agent.get(`/account/reset-password?token=${token}`);
    expect(page.headers['referrer-policy']).to.equal('no-referrer');
    expect(page.text).to.contain(`name="token" value="${token}"`);

    const mismatch = await submit(agent, `/account/reset-password?token=${token}`, '/account/reset-password', { token, password: NEW_PASSWORD, passwordConfirm: 'something else' });
    expect(mismatch.status).to.equal(422);
    expect(mismatch.text).to.contain('The two new passwords do not match');

    const done = await submit(agent, `/account/reset-password?token=${token}`, '/account/reset-password', { token, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(done.status).to.equal(303);
    expect(done.headers.location).to.equal('/account/login');
    expect((await agent.get('/account/login')).text).to.contain('Your password was changed');

    const again = await submit(agent, `/account/reset-password?token=${token}`, '/account/reset-password', { token, password: 'yet another passphrase', passwordConfirm: 'yet another passphrase' });
    expect(again.status).to.equal(410);
    expect(again.text).to.contain('This link is invalid or has already been used');

    expect((await submit(agent, '/account/login', '/account/login', { email: user.email, password: PASSWORD })).status).to.equal(401);
    expect((await submit(agent, '/account/login', '/account/login', { email: user.email, password: NEW_PASSWORD })).status).to.equal(303);
  });

  it('when the link is used after 60 minutes, then it is refused as expired and the password is unchanged', async () => {
    clock.set(new Date());
    const user = await createAccount();
    const agent = await browser();
    await submit(agent, '/account/forgot-password', '/account/forgot-password', { email: user.email });
    const token = tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password');
    clock.advance(61 * 60_000);
    const late = await submit(agent, `/account/reset-password?token=${token}`, '/account/reset-password', { token, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(late.status).to.equal(410);
    expect(late.text).to.contain('This link has expired');
    expect((await submit(agent, '/account/login', '/account/login', { email: user.email, password: PASSWORD })).status).to.equal(303);
  });
});
