import { z } from 'zod';
import { isCountryCode } from './countries.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/** Input shapes of the account operations, parsed at the edge (form bodies are strings). */
const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' }).max(191));
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, 'Passwords can have at most 256 characters');
const name = (label: string) => z.string().trim().min(1, `${label} is required`).max(100, `${label} is too long`);

export const registerSchema = z
  .object({
    email,
    password: newPassword,
    firstName: name('First name'),
    lastName: name('Last name'),
    company: z.string().trim().max(191, 'Company name is too long').optional().transform((v) => v || null),
    country: z.string().trim().toUpperCase().refine(isCountryCode, 'Choose your country'),
  })
  .strict();
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({ email: z.string().trim().max(191), password: z.string().max(256) }).strict();
export type LoginInput = z.infer<typeof loginSchema>;

export const codeSchema = z.object({ code: z.string().trim().min(1, 'Enter a code').max(32) }).strict();

export const emailSchema = z.object({ email }).strict();

const MISMATCH = 'The two new passwords do not match';

export const resetPasswordSchema = z
  .object({ token: z.string().min(20).max(200), password: newPassword, passwordConfirm: z.string().max(256) })
  .strict()
  .refine((v) => v.password === v.passwordConfirm, { message: MISMATCH, path: ['passwordConfirm'] });

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password').max(256), newPassword, newPasswordConfirm: z.string().max(256) })
  .strict()
  .refine((v) => v.newPassword === v.newPasswordConfirm, { message: MISMATCH, path: ['newPasswordConfirm'] });

export const passwordSchema = z.object({ password: z.string().min(1, 'Enter your password').max(256) }).strict();

export const passkeyNameSchema = z.string().trim().max(100).optional().transform((v) => v || null);

/** Human messages per field from a failed parse, for re-rendering a form. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
