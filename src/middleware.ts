import { defineMiddleware } from 'astro:middleware';
import { LANGUAGE_COOKIE, resolveLanguage } from './lib/i18n/language.ts';
import { translator } from './lib/i18n/ui.ts';
import { getDb } from './lib/db/client.ts';
import { SESSION_COOKIE, resumeSession } from './lib/auth/sessions.ts';
import { applyCookie } from './lib/http/requests.ts';
import { isAppError } from './lib/http/errors.ts';
import { errorResponse } from './lib/http/responses.ts';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export const onRequest = defineMiddleware(async (context, next) => {
  const lang = resolveLanguage(context.cookies.get(LANGUAGE_COOKIE)?.value, context.request.headers.get('accept-language'));
  context.locals.lang = lang;
  context.locals.t = translator(lang);
  const session = await resumeSession(getDb(), context.cookies.get(SESSION_COOKIE)?.value);
  context.locals.user = session.user;
  context.locals.sessionId = session.sessionId;
  applyCookie(context.cookies, session.cookie);

  let response: Response;
  try {
    response = await next();
  } catch (error) {
    // Every refusal thrown by a page, an endpoint or an area becomes its answer here, in one way.
    if (!isAppError(error)) throw error;
    response = await errorResponse(context, error);
  }
  try {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
    // The same URL renders in the reader's language and for the signed-in person.
    response.headers.append('Vary', 'Cookie, Accept-Language');
    if (session.user) response.headers.set('Cache-Control', 'private, no-store');
  } catch {
    // Responses with immutable headers (static assets) keep theirs.
  }
  return response;
});
