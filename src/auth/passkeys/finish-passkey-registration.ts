import { verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { Passkey } from '../../models/index.js';
import { auditSecurityEvent } from '../audit.js';
import { relyingParty } from './relying-party.js';

export interface FinishPasskeyRegistrationInput {
  userId: number;
  response: RegistrationResponseJSON;
  expectedChallenge: string;
  name?: string | null;
}

function failed(cause?: unknown): ValidationError {
  const err = new ValidationError('passkey_failed', 'The passkey could not be added. Please try again.');
  if (cause) Object.assign(err, { cause });
  return err;
}

/** Verifies the browser's attestation against the challenge and stores the new passkey. */
export async function finishPasskeyRegistration(input: FinishPasskeyRegistrationInput, ctx: Ctx): Promise<Passkey> {
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch (err) {
    throw failed(err);
  }
  if (!verification.verified) throw failed();
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  try {
    const passkey = await Passkey.create(
      {
        userId: input.userId,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? null,
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name: input.name ?? null,
      },
      { transaction: ctx.transaction },
    );
    await auditSecurityEvent({ action: 'passkey.added', userId: input.userId, after: { passkeyId: passkey.id, name: passkey.name } }, ctx);
    return passkey;
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('passkey_exists', 'This passkey is already registered.');
    throw err;
  }
}
