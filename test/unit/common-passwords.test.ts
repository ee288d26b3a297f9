import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../src/lib/auth/common-passwords.ts';
import { signUpForm } from '../../src/lib/auth/forms.ts';

describe('common passwords', () => {
  it('refuses the passwords and shapes guessers try first, with a helpful message', () => {
    for (const password of ['password123', 'Password123', '1234567890', 'qwertyuiop', 'aaaaaaaaaaaa', 'password2026!', 'Sommer2026', 'channelwise123', '0987654321']) {
      expect(isCommonPassword(password), password).toBe(true);
    }
    const parsed = signUpForm.safeParse({ name: 'Lea', email: 'lea@example.com', password: 'password123' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('error.passwordCommon');
  });

  it('accepts ordinary strong passwords', () => {
    for (const password of ['correct horse battery', 'a-long-password-1', 'Tomaten im Fahrradkorb', 'blå cykel regnar 7']) expect(isCommonPassword(password), password).toBe(false);
  });
});
