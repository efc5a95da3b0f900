import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { AuthenticatorTransportFuture } from '@simplewebauthn/server';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Passkey, User } from '../../models/index.js';
import { relyingParty, userHandle } from './relying-party.js';

/** Options for the browser to create a new passkey; the caller keeps `challenge` in the session. */
export async function startPasskeyRegistration(userId: number, ctx: Ctx): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = await User.findByPk(userId, { transaction: ctx.transaction });
  if (!user) throw new NotFoundError('user_not_found');
  const existing = await Passkey.findAll({ where: { userId }, attributes: ['credentialId', 'transports'], transaction: ctx.transaction });
  const rp = relyingParty();
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.fullName,
    userID: userHandle(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: (p.transports ?? undefined) as AuthenticatorTransportFuture[] | undefined })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}
