import { generateAuthenticationOptions, type AuthenticatorTransportFuture, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Ctx } from '../../lib/context.js';
import { Passkey } from '../../models/index.js';
import { relyingParty } from './relying-party.js';

/**
 * Options for the browser to sign in with a passkey: limited to the user's passkeys as a second
 * factor, or open to any discoverable passkey (user verification required) for passwordless sign-in.
 */
export async function startPasskeyAuthentication(input: { userId?: number | null }, ctx: Ctx): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty();
  if (!input.userId) return generateAuthenticationOptions({ rpID, userVerification: 'required' });
  const passkeys = await Passkey.findAll({ where: { userId: input.userId }, attributes: ['credentialId', 'transports'], transaction: ctx.transaction });
  return generateAuthenticationOptions({
    rpID,
    userVerification: 'preferred',
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: (p.transports ?? undefined) as AuthenticatorTransportFuture[] | undefined })),
  });
}
