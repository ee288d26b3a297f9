import type { APIRoute } from 'astro';
import { LANGUAGE_COOKIE, isLanguage, safeReturnPath } from '../lib/i18n/language.ts';
import { textResponse } from '../lib/http.ts';

/** The language switcher posts here; the choice is kept in a cookie for a year. */
export const POST: APIRoute = async ({ request, cookies, redirect }) => {
  const form = await request.formData().catch(() => null);
  const lang = form?.get('lang');
  if (!isLanguage(lang)) {
    return textResponse(400, 'Unknown language: choose en, de or sv.');
  }
  cookies.set(LANGUAGE_COOKIE, lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true, secure: import.meta.env.PROD && new URL(request.url).protocol === 'https:' });
  return redirect(safeReturnPath(form?.get('return')), 303);
};
