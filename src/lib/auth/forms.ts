/** zod schemas of the account forms; messages are interface-text keys (see src/lib/forms.ts). */
import { z } from 'astro/zod';
import { isCommonPassword } from './common-passwords.ts';

export const PASSWORD_MIN = 10;

const email = z.string().trim().toLowerCase().min(1, 'error.emailRequired').max(254, 'error.emailInvalid').pipe(z.email('error.emailInvalid'));
const newPassword = z
  .string()
  .min(PASSWORD_MIN, 'error.passwordTooShort')
  .max(256, 'error.passwordTooLong')
  .refine((value) => !isCommonPassword(value), 'error.passwordCommon');
/**
 * A name as it will stand on a certificate: no control characters (NUL, line breaks) and no
 * invisible format characters (right-to-left overrides, zero-width spaces), which could make a
 * certificate show a spoofed or empty name.
 */
const name = z
  .string()
  .trim()
  .min(1, 'error.nameRequired')
  .max(100, 'error.nameTooLong')
  .refine((value) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(value), 'error.nameCharacters');

export const signUpForm = z.object({ name, email, password: newPassword });
export const signInForm = z.object({ email, password: z.string().min(1, 'error.passwordRequired').max(256, 'error.passwordTooLong') });
export const emailForm = z.object({ email });
export const resetForm = z.object({ token: z.string().min(1, 'error.linkInvalid'), password: newPassword });
export const nameForm = z.object({ name });
export const changeEmailForm = z.object({ email, currentPassword: z.string().min(1, 'error.passwordRequired') });
export const changePasswordForm = z.object({ currentPassword: z.string().min(1, 'error.passwordRequired'), password: newPassword });
export const deleteAccountForm = z.object({ currentPassword: z.string().min(1, 'error.passwordRequired'), confirm: z.literal('on', 'error.confirmDelete') });
