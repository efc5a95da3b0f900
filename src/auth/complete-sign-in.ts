import { config } from '../../config/index.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { KnownDevice, User } from '../models/index.js';
import { enqueueMail } from '../notify/enqueue-mail.js';
import { auditSecurityEvent } from './audit.js';
import { deviceFingerprint, userAgentFamily } from './device-fingerprint.js';

export type SignInMethod = 'password' | 'totp' | 'recovery_code' | 'passkey' | 'passwordless' | 'registration' | 'password_reset';

/**
 * Last step of every sign-in: clears the failure count, stamps the login, remembers the device
 * and mails the owner when it is a device the account has not used before.
 */
export async function completeSignIn(userId: number, input: { method: SignInMethod }, ctx: Ctx): Promise<{ newDevice: boolean }> {
  const { ip = null, userAgent = null } = ctx.actor;
  const fingerprint = deviceFingerprint(userAgent, ip);
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    await user.update({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: ctx.now, lastLoginIp: ip }, { transaction });
    const device = await KnownDevice.findOne({ where: { userId, fingerprint }, transaction });
    const known = { userAgent: userAgent?.slice(0, 255) ?? null, ip, lastSeenAt: ctx.now };
    let newDevice = false;
    if (device) {
      await device.update(known, { transaction });
    } else {
      // NOTE: the very first device of an account (sign-up, first login after import) is not news.
      newDevice = (await KnownDevice.count({ where: { userId }, transaction })) > 0;
      try {
        await KnownDevice.create({ userId, fingerprint, ...known }, { transaction });
      } catch (err) {
        // NOTE: a concurrent sign-in from the same device recorded it (and sent the mail) first.
        if (!isUniqueViolation(err)) throw err;
        newDevice = false;
      }
      if (newDevice) {
        await enqueueMail(
          {
            to: user.email,
            toName: user.fullName,
            userId,
            template: 'new-device-login',
            subject: `New sign-in to your ${config().appName} account`,
            data: {
              name: user.firstName ?? user.email,
              device: userAgentFamily(userAgent),
              ip: ip ?? 'unknown',
              at: ctx.now.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
              securityLink: `${config().appUrl}/account/security`,
              resetLink: `${config().appUrl}/account/forgot-password`,
            },
            dedupeKey: `new_device:${userId}:${fingerprint}`,
          },
          tx,
        );
      }
    }
    await auditSecurityEvent({ action: 'user.logged_in', userId, after: { method: input.method, ip, newDevice } }, tx);
    return { newDevice };
  });
}
