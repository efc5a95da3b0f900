import crypto from 'node:crypto';
import { config } from '../config/index.js';
import { hashPassword } from '../src/auth/passwords.js';
import { User } from '../src/models/index.js';

/** Creates the first admin when no admin exists; returns the generated password (shown once) if one was made. */
export async function seedFirstAdmin(): Promise<{ email: string; generatedPassword?: string } | null> {
  if (await User.count({ where: { role: 'admin' } })) return null;
  const { email, password } = config().admin;
  const generatedPassword = password ? undefined : crypto.randomBytes(12).toString('base64url');
  await User.create({
    email,
    role: 'admin',
    firstName: 'Site',
    lastName: 'Administrator',
    passwordHash: await hashPassword(password ?? (generatedPassword as string)),
    emailVerifiedAt: new Date(),
  });
  return { email, generatedPassword };
}
