/**
 * Passwords that guessing tools try first. Our minimum is ten characters, so the list holds the
 * long ones that appear at the top of published breach corpora, and the rules catch their common
 * shapes (one repeated character, a keyboard run, a word followed by digits or the current year).
 */
const COMMON = new Set([
  'password123', 'password1234', 'password12345', 'password12', 'password01', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123',
  '1234567890', '12345678910', '123456789a', '0123456789', '0987654321', '1234567890a', '1q2w3e4r5t', '1qaz2wsx3edc',
  'qwertyuiop', 'qwerty123456', 'qwerty12345', 'qwertyuiop123', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123', 'qazwsxedc123',
  'iloveyou12', 'iloveyou123', 'iloveyou1234', 'sunshine123', 'princess123', 'football123', 'baseball123', 'superman123',
  'welcome123', 'welcome1234', 'letmein123', 'admin12345', 'administrator', 'changeme123', 'trustno1234', 'monkey12345',
  'dragon12345', 'master12345', 'starwars123', 'whatever123', 'computer123', 'internet123', 'michael123', 'jennifer123',
  'abcdefghij', 'abcdefg123', 'abc1234567', 'aaaaaaaaaa', 'passwordpassword', 'hallo12345', 'passwort123', 'passwort1234',
  'sommer2024', 'sommer2025', 'sommer2026', 'winter2025', 'winter2026', 'summer2025', 'summer2026', 'losenord123',
  'lösenord123', 'hejsan12345', 'socialmedia', 'socialmedia1', 'socialmedia123', 'instagram123', 'facebook123', 'linkedin123',
  'channelwise', 'channelwise1', 'channelwise123',
]);

const KEYBOARD_RUNS = ['qwertyuiopasdfghjklzxcvbnm', 'qwertzuiopasdfghjklyxcvbnm', '1234567890', 'abcdefghijklmnopqrstuvwxyz'];

/** True for a password that is on the list or has one of the shapes guessers try first. */
export function isCommonPassword(password: string): boolean {
  const value = password.toLowerCase().normalize('NFC');
  if (COMMON.has(value)) return true;
  if (/^(.)\1+$/u.test(value)) return true;
  if (KEYBOARD_RUNS.some((run) => run.includes(value) || [...run].reverse().join('').includes(value))) return true;
  // A common word with digits or a year after it: "password2026", "sommer2026!".
  const stem = value.replace(/[\d!?.#*@_-]+$/u, '');
  return stem !== value && (COMMON.has(stem) || ['password', 'passwort', 'lösenord', 'losenord', 'qwerty', 'welcome', 'letmein', 'iloveyou', 'admin', 'summer', 'winter', 'sommer'].includes(stem));
}
