import type { APIRoute } from 'astro';
import { LANGUAGE_COOKIE, isLanguage } from '../lib/i18n/language.ts';
import { readForm, requireReturnPath, secureCookies } from '../lib/http/requests.ts';
import { AppError } from '../lib/http/errors.ts';
import { splitLanguagePrefix } from '../lib/i18n/routing.ts';

/** The language switcher posts here; the choice is kept in a cookie for a year. */
export const POST: APIRoute = async ({ request, cookies, redirect }) => {
  const form = await readForm(request);
  const lang = form.get('lang');
  if (!isLanguage(lang)) throw new AppError(400, 'error.unknownLanguage');
  const target = requireReturnPath(form.get('return'), '/');
  cookies.set(LANGUAGE_COOKIE, lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true, secure: secureCookies() });
  // Back to the page's URL without a language prefix: the new cookie shows it in the chosen language.
  return redirect(splitLanguagePrefix(target).path, 303);
};
