import { expect } from 'chai';
import { finishPasskeyAuthentication } from '../../../src/auth/passkeys/finish-passkey-authentication.js';
import { finishPasskeyRegistration } from '../../../src/auth/passkeys/finish-passkey-registration.js';
import { removePasskey } from '../../../src/auth/passkeys/remove-passkey.js';
import { setPasswordless } from '../../../src/auth/passkeys/set-passwordless.js';
import { startPasskeyAuthentication } from '../../../src/auth/passkeys/start-passkey-authentication.js';
import { startPasskeyRegistration } from '../../../src/auth/passkeys/start-passkey-registration.js';
import { Passkey } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { SoftAuthenticator } from './soft-authenticator.js';
import { createAccount, ctx, errorCode, reloadUser } from './support.js';

// NOTE: APP_URL defaults to http://localhost:3000 under test.
const device = () => new SoftAuthenticator('http://localhost:3000', 'localhost');

async function registered(userId: number, authenticator: SoftAuthenticator): Promise<Passkey> {
  const options = await startPasskeyRegistration(userId, ctx());
  return finishPasskeyRegistration({ userId, response: authenticator.register(options), expectedChallenge: options.challenge, name: 'Laptop' }, ctx());
}

describe('auth: passkeys', () => {
  beforeEach(resetDatabase);

  it('when a customer adds a passkey, then it is stored and excluded from the next registration', async () => {
    const user = await createAccount();
    const authenticator = device();
    const passkey = await registered(user.id, authenticator);
    expect(passkey).to.include({ userId: user.id, credentialId: authenticator.id, name: 'Laptop' });
    const next = await startPasskeyRegistration(user.id, ctx());
    expect(next.rp.id).to.equal('localhost');
    expect(next.excludeCredentials?.map((c) => c.id)).to.deep.equal([authenticator.id]);
  });

  it('when the attestation answers another challenge or origin, then the passkey is refused', async () => {
    const user = await createAccount();
    const options = await startPasskeyRegistration(user.id, ctx());
    const authenticator = device();
    expect(await errorCode(() => finishPasskeyRegistration({ userId: user.id, response: authenticator.register({ challenge: 'other' }), expectedChallenge: options.challenge }, ctx()))).to.equal('passkey_failed');
    expect(await errorCode(() => finishPasskeyRegistration({ userId: user.id, response: authenticator.register(options, 'https://evil.example'), expectedChallenge: options.challenge }, ctx()))).to.equal('passkey_failed');
    expect(await Passkey.count()).to.equal(0);
  });

  it('when a passkey answers the second-factor challenge, then it names its owner and its counter moves', async () => {
    const user = await createAccount();
    const authenticator = device();
    await registered(user.id, authenticator);
    const options = await startPasskeyAuthentication({ userId: user.id }, ctx());
    expect(options.allowCredentials?.map((c) => c.id)).to.deep.equal([authenticator.id]);
    expect(await finishPasskeyAuthentication({ userId: user.id, response: authenticator.authenticate(options), expectedChallenge: options.challenge }, ctx())).to.deep.equal({ userId: user.id });
    expect(Number((await Passkey.findOne())!.counter)).to.equal(1);
    const intruder = await createAccount();
    const again = await startPasskeyAuthentication({ userId: intruder.id }, ctx());
    expect(await errorCode(() => finishPasskeyAuthentication({ userId: intruder.id, response: authenticator.authenticate(again), expectedChallenge: again.challenge }, ctx()))).to.equal('passkey_failed');
  });

  it('when passwordless sign-in is off, then a passkey alone is refused; once on, it signs in', async () => {
    const user = await createAccount();
    const authenticator = device();
    expect(await errorCode(() => setPasswordless({ userId: user.id, enabled: true }, ctx()))).to.equal('passkey_required');
    await registered(user.id, authenticator);
    let options = await startPasskeyAuthentication({}, ctx());
    expect(options.userVerification).to.equal('required');
    expect(await errorCode(() => finishPasskeyAuthentication({ response: authenticator.authenticate(options), expectedChallenge: options.challenge }, ctx()))).to.equal('passwordless_disabled');
    await setPasswordless({ userId: user.id, enabled: true }, ctx());
    options = await startPasskeyAuthentication({}, ctx());
    expect(await finishPasskeyAuthentication({ response: authenticator.authenticate(options), expectedChallenge: options.challenge }, ctx())).to.deep.equal({ userId: user.id });
  });

  it('when the last passkey is removed, then passwordless sign-in turns off; nobody removes another customer\'s passkey', async () => {
    const user = await createAccount();
    const passkey = await registered(user.id, device());
    await setPasswordless({ userId: user.id, enabled: true }, ctx());
    const other = await createAccount();
    expect(await errorCode(() => removePasskey({ userId: other.id, passkeyId: passkey.id }, ctx()))).to.equal('passkey_not_found');
    await removePasskey({ userId: user.id, passkeyId: passkey.id }, ctx());
    expect(await Passkey.count()).to.equal(0);
    expect((await reloadUser(user.id)).passwordlessEnabled).to.equal(false);
  });
});
