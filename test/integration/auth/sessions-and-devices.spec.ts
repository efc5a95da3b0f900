import { expect } from 'chai';
import { completeSignIn } from '../../../src/auth/complete-sign-in.js';
import { deviceFingerprint, ipPrefix, userAgentFamily } from '../../../src/auth/device-fingerprint.js';
import { listUserSessions, sessionHandle } from '../../../src/auth/sessions/list-user-sessions.js';
import { revokeSession } from '../../../src/auth/sessions/revoke-session.js';
import { KnownDevice, SessionRecord } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { CHROME_WINDOWS, FIREFOX_LINUX, createAccount, ctx, errorCode, mailsTo } from './support.js';

describe('auth: sessions and known devices', () => {
  beforeEach(resetDatabase);

  it('when addresses are reduced to a network, then IPv4 keeps its /16 and IPv6 its /48', () => {
    expect(ipPrefix('203.0.113.77')).to.equal('203.0.0.0/16');
    expect(ipPrefix('::ffff:203.0.113.77')).to.equal('203.0.0.0/16');
    expect(ipPrefix('2001:db8:abcd:12::1')).to.equal('2001:db8:abcd::/48');
    expect(ipPrefix('2001:db8::1')).to.equal('2001:db8:0::/48');
    expect(ipPrefix(null)).to.equal('unknown');
    expect(userAgentFamily(FIREFOX_LINUX)).to.equal('Firefox on Linux');
    expect(userAgentFamily(CHROME_WINDOWS)).to.equal('Chrome on Windows');
    expect(deviceFingerprint(FIREFOX_LINUX, '203.0.113.77')).to.equal(deviceFingerprint(FIREFOX_LINUX.replace('128.0', '129.0'), '203.0.200.1'));
  });

  it('when a customer signs in from a new device, then they are mailed, but not for their first device or a known one', async () => {
    const user = await createAccount();
    expect(await completeSignIn(user.id, { method: 'password' }, ctx({ userAgent: FIREFOX_LINUX, ip: '203.0.113.10' }))).to.deep.equal({ newDevice: false });
    expect(await completeSignIn(user.id, { method: 'password' }, ctx({ userAgent: FIREFOX_LINUX, ip: '203.0.9.9' }))).to.deep.equal({ newDevice: false });
    expect(await mailsTo(user.email, 'new-device-login')).to.have.length(0);
    expect(await completeSignIn(user.id, { method: 'password' }, ctx({ userAgent: CHROME_WINDOWS, ip: '198.51.100.4' }))).to.deep.equal({ newDevice: true });
    const [mail, ...more] = await mailsTo(user.email, 'new-device-login');
    expect(more).to.have.length(0);
    expect(mail!.text).to.contain('Chrome on Windows').and.contain('198.51.100.4');
    expect(await KnownDevice.count({ where: { userId: user.id } })).to.equal(2);
  });

  it('when a customer lists their sessions, then only their own live portal sessions show, without session ids', async () => {
    const user = await createAccount();
    const other = await createAccount();
    const later = new Date(Date.now() + 3_600_000);
    await SessionRecord.bulkCreate([
      { sid: 'mine-1', userId: user.id, surface: 'portal', data: '{}', expiresAt: later, ip: '203.0.113.1', userAgent: FIREFOX_LINUX },
      { sid: 'mine-2', userId: user.id, surface: 'portal', data: '{}', expiresAt: later, ip: '198.51.100.2', userAgent: CHROME_WINDOWS },
      { sid: 'mine-expired', userId: user.id, surface: 'portal', data: '{}', expiresAt: new Date(Date.now() - 1000) },
      { sid: 'theirs', userId: other.id, surface: 'portal', data: '{}', expiresAt: later },
    ]);
    const sessions = await listUserSessions({ userId: user.id, currentSid: 'mine-1' }, ctx());
    expect(sessions.map((s) => [s.device, s.ip, s.current]).sort()).to.deep.equal([
      ['Chrome on Windows', '198.51.100.2', false],
      ['Firefox on Linux', '203.0.113.1', true],
    ]);
    expect(JSON.stringify(sessions)).not.to.contain('mine-');
  });

  it('when a customer revokes a session, then its row is gone; their current one and others\' are refused', async () => {
    const user = await createAccount();
    const other = await createAccount();
    const later = new Date(Date.now() + 3_600_000);
    await SessionRecord.bulkCreate([
      { sid: 'here', userId: user.id, surface: 'portal', data: '{}', expiresAt: later },
      { sid: 'there', userId: user.id, surface: 'portal', data: '{}', expiresAt: later },
      { sid: 'theirs', userId: other.id, surface: 'portal', data: '{}', expiresAt: later },
    ]);
    expect(await errorCode(() => revokeSession({ userId: user.id, handle: sessionHandle('theirs'), currentSid: 'here' }, ctx()))).to.equal('session_not_found');
    expect(await errorCode(() => revokeSession({ userId: user.id, handle: sessionHandle('here'), currentSid: 'here' }, ctx()))).to.equal('session_current');
    await revokeSession({ userId: user.id, handle: sessionHandle('there'), currentSid: 'here' }, ctx());
    expect((await SessionRecord.findAll({ order: [['sid', 'ASC']] })).map((s) => s.sid)).to.deep.equal(['here', 'theirs']);
  });
});
