import { verifyAuthenticationResponse, type AuthenticationResponseJSON, type AuthenticatorTransportFuture } from '@simplewebauthn/server';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import { Passkey } from '../../models/index.js';
import { auditSecurityEvent } from '../audit.js';
import { assertMayUsePortal, assertNotLocked, findUserForSignIn } from '../sign-in-rules.js';
import { relyingParty } from './relying-party.js';

export interface FinishPasskeyAuthenticationInput {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  /** The user who passed the password step (second factor); absent for passwordless sign-in. */
  userId?: number | null;
}

function failed(): UnauthorizedError {
  return new UnauthorizedError('passkey_failed', 'That passkey could not be verified. Try again or use another method.');
}

/** Verifies a passkey assertion and returns whose it is; passwordless sign-in needs the owner to have turned it on. */
export async function finishPasskeyAuthentication(input: FinishPasskeyAuthenticationInput, ctx: Ctx): Promise<{ userId: number }> {
  const passkey = await Passkey.findOne({ where: { credentialId: input.response.id }, transaction: ctx.transaction });
  if (!passkey || (input.userId && passkey.userId !== input.userId)) throw failed();
  const user = await findUserForSignIn({ id: passkey.userId });
  if (!user) throw failed();
  assertNotLocked(user, ctx.now);
  const passwordless = !input.userId;
  if (passwordless && !user.passwordlessEnabled) {
    throw new ForbiddenError('passwordless_disabled', 'Passwordless sign-in is not turned on for this account. Sign in with your email and password.');
  }
  const rp = relyingParty();
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserVerification: passwordless,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: Number(passkey.counter),
        transports: (passkey.transports ?? undefined) as AuthenticatorTransportFuture[] | undefined,
      },
    });
  } catch {
    throw failed();
  }
  if (!result.verified) throw failed();
  await passkey.update({ counter: result.authenticationInfo.newCounter, lastUsedAt: ctx.now }, { transaction: ctx.transaction });
  assertMayUsePortal(user);
  await auditSecurityEvent({ action: 'passkey.used', userId: user.id, after: { passkeyId: passkey.id, passwordless } }, ctx);
  return { userId: user.id };
}
