import { expect } from 'chai';
import { authenticator } from 'otplib';
import { currentTotp } from '../../../src/auth/totp.js';
import { decryptSecret } from '../../../src/lib/crypto.js';
import { AuditLog, RecoveryCode, User } from '../../../src/models/index.js';
import { createUser } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, browser, createStaff, csrfOf, signedIn, submitCode, submitPassword } from './support.js';

describe('back office: two-factor enrolment', () => {
  beforeEach(resetDatabase);

  it('when staff without TOTP sign in, then they must enrol, see their recovery codes once and only then reach /admin', async () => {
    const staff = await createUser({}, 'support');
    const agent = await browser();
    const password = await submitPassword(agent, staff.email);
    expect(password.headers.location).to.equal('/admin/login/enrol');
    expect((await agent.get('/admin')).headers.location, 'no way around enrolment').to.equal('/admin/login');

    const page = await agent.get('/admin/login/enrol');
    expect(page.status).to.equal(200);
    const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1]!.replace(/ /g, '');
    const uri = /data-testid="totp-uri">([^<]+)</.exec(page.text)![1]!.replace(/&amp;/g, '&');
    expect(uri).to.match(/^otpauth:\/\/totp\//).and.contain(`secret=${secret}`);
    expect((await agent.get('/admin/login/enrol')).text, 'the same secret on reload').to.contain(/data-testid="totp-secret">([^<]+)</.exec(page.text)![1]!);

    const wrong = await agent.post('/admin/login/enrol').type('form').send({ _csrf: csrfOf(page.text), code: currentTotp(authenticator.generateSecret()) });
    expect(wrong.status).to.equal(422);
    expect((await User.findByPk(staff.id))!.totpEnabledAt).to.equal(null);

    const right = await submitCode(agent, currentTotp(secret), '/admin/login/enrol');
    expect(right.status).to.equal(200);
    expect(right.headers['cache-control']).to.equal('no-store');
    expect(right.text.match(/<li>[a-f0-9]{5}-[a-f0-9]{5}<\/li>/g), 'ten recovery codes, shown once').to.have.length(10);
    const user = (await User.scope('withSecrets').findByPk(staff.id))!;
    expect(user.totpEnabledAt).to.be.instanceOf(Date);
    expect(decryptSecret(user.totpSecretEnc!)).to.equal(secret);
    expect(await RecoveryCode.count({ where: { userId: staff.id } })).to.equal(10);
    expect(await AuditLog.count({ where: { action: 'user.totp_enabled', entityId: String(staff.id) } })).to.equal(1);

    const reload = await agent.post('/admin/login/enrol').type('form').send({ _csrf: csrfOf(page.text), code: currentTotp(secret) });
    expect(reload.headers.location, 'a reload does not show them again').to.equal('/admin/login');
    expect((await agent.get('/admin')).status).to.equal(200);
  });

  it('when an admin resets a staff member\'s two-factor, then their session ends and the next sign-in enrols again', async () => {
    const target = await createStaff('finance');
    const targetBrowser = await signedIn(target);
    const admin = await signedIn(await createStaff('admin'));
    const forged = await admin.get(`/admin/api/resources/users/records/${target.id}/resetTwoFactor`).set('Sec-Fetch-Site', 'cross-site');
    expect(forged.status, 'a link on another site').to.equal(403);
    expect((await User.findByPk(target.id))!.totpEnabledAt).to.be.instanceOf(Date);
    await apiAction(admin, 'users', 'resetTwoFactor', { recordId: target.id });
    expect((await User.findByPk(target.id))!.totpEnabledAt, 'opening the form (GET) changes nothing').to.be.instanceOf(Date);
    const res = await apiAction(admin, 'users', 'resetTwoFactor', { recordId: target.id, payload: {} });
    expect(res.body.notice?.type).to.equal('success');
    expect((await User.findByPk(target.id))!.totpEnabledAt).to.equal(null);
    expect((await targetBrowser.get('/admin')).headers.location).to.equal('/admin/login');
    expect((await submitPassword(await browser(), target.email)).headers.location).to.equal('/admin/login/enrol');
    expect(await AuditLog.count({ where: { action: 'user.totp_reset', entityId: String(target.id) } })).to.equal(1);
  });
});
