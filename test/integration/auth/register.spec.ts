import { expect } from 'chai';
import { registerCustomer } from '../../../src/auth/register-customer.js';
import { sendVerificationEmail } from '../../../src/auth/send-verification-email.js';
import { verifyEmail } from '../../../src/auth/verify-email.js';
import { clock } from '../../../src/lib/clock.js';
import { Customer, User } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { ctx, errorCode, mailsTo, tokenInMail } from './support.js';

const input = { email: 'New.Customer@Example.test', password: 'a long enough password', firstName: 'Grace', lastName: 'Hopper', company: 'Navy Ltd', country: 'GB' };

describe('auth: registration and email verification', () => {
  beforeEach(resetDatabase);

  it('when a visitor registers, then a customer user, its profile and a verification mail are written', async () => {
    const { user, customer } = await registerCustomer(input, ctx({ ip: '198.51.100.7' }));
    const row = await User.scope('withSecrets').findByPk(user.id);
    expect(row?.email).to.equal('new.customer@example.test');
    expect(row?.role).to.equal('customer');
    expect(row?.passwordHash).to.match(/^\$argon2id\$/);
    expect(row?.emailVerifiedAt).to.equal(null);
    const profile = await Customer.findByPk(customer.id);
    expect(profile).to.include({ userId: user.id, company: 'Navy Ltd', billingCountry: 'GB', isBusiness: true, signupIp: '198.51.100.7' });
    const [mail, ...others] = await mailsTo('new.customer@example.test', 'verify-email');
    expect(others).to.have.length(0);
    expect(mail!.status).to.equal('pending');
    expect(mail!.userId).to.equal(user.id);
    expect(mail!.html).to.contain('/account/verify-email?token');
    expect(tokenInMail(mail!, 'verify-email')).to.have.length.greaterThan(20);
  });

  it('when the email is already registered (in any case), then registration is refused and nothing is added', async () => {
    await registerCustomer(input, ctx());
    expect(await errorCode(() => registerCustomer({ ...input, email: 'NEW.customer@example.test' }, ctx()))).to.equal('email_taken');
    expect(await User.count()).to.equal(1);
    expect(await Customer.count()).to.equal(1);
  });

  it('when the verification link is opened, then the email is verified and the link cannot be used again', async () => {
    const { user } = await registerCustomer(input, ctx());
    const token = tokenInMail((await mailsTo(user.email, 'verify-email'))[0]!, 'verify-email');
    await verifyEmail(token, ctx());
    expect((await User.findByPk(user.id))?.emailVerifiedAt).to.be.instanceOf(Date);
    expect(await errorCode(() => verifyEmail(token, ctx()))).to.equal('token_invalid');
    const welcome = await mailsTo(user.email, 'welcome');
    expect(welcome).to.have.length(1);
    expect(welcome[0]!.subject).to.equal('Welcome to EZSCALE');
  });

  it('when the verification link is older than 48 hours, then it is refused as expired', async () => {
    clock.set('2026-03-01T10:00:00Z');
    const { user } = await registerCustomer(input, ctx());
    const token = tokenInMail((await mailsTo(user.email, 'verify-email'))[0]!, 'verify-email');
    clock.advance(48 * 3_600_000 + 1_000);
    expect(await errorCode(() => verifyEmail(token, ctx()))).to.equal('token_expired');
    expect((await User.findByPk(user.id))?.emailVerifiedAt).to.equal(null);
  });

  it('when a new verification mail is sent, then only the newest link works', async () => {
    const { user } = await registerCustomer(input, ctx());
    const first = tokenInMail((await mailsTo(user.email, 'verify-email'))[0]!, 'verify-email');
    expect(await sendVerificationEmail(user.id, ctx())).to.deep.equal({ sent: true });
    const mails = await mailsTo(user.email, 'verify-email');
    expect(mails).to.have.length(2);
    expect(await errorCode(() => verifyEmail(first, ctx()))).to.equal('token_invalid');
    await verifyEmail(tokenInMail(mails[1]!, 'verify-email'), ctx());
    expect(await sendVerificationEmail(user.id, ctx())).to.deep.equal({ sent: false });
  });
});
