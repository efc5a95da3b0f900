import type { RequestHandler } from 'express';
import { asyncHandler } from '../../src/http/async.js';
import { User } from '../../src/models/index.js';
import { ADMIN_PATHS } from '../paths.js';
import type { AdminUser } from './session-data.js';
import { isBackOfficeUser } from '../../src/auth/sign-in-rules.js';

/**
 * Lets through only a fully signed-in staff member (password + second factor), re-read on every
 * request so a role change, suspension or 2FA reset applies at once; sets `session.adminUser`,
 * which AdminJS reads as `currentAdmin`. Everyone else goes to the sign-in page.
 */
export const requireStaff: RequestHandler = asyncHandler(async (req, res, next) => {
  const userId = req.session.userId;
  const user = userId ? await User.findByPk(userId) : null;
  if (!user || !isBackOfficeUser(user) || !user.totpEnabledAt) {
    if (userId) await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    return res.redirect(302, ADMIN_PATHS.login);
  }
  const adminUser: AdminUser = { id: String(user.id), email: user.email, role: user.role, title: user.fullName };
  // NOTE: derived from the user on every request, so not enumerable: never serialised, never a session write.
  Object.defineProperty(req.session, 'adminUser', { value: adminUser, enumerable: false, configurable: true, writable: true });
  next();
});
