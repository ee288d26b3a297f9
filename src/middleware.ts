import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { log, withRequestId } from './lib/log/log.ts';
import { LANGUAGE_COOKIE, resolveLanguage } from './lib/i18n/language.ts';
import { isIndexablePath, isLocalizedPath, localizePath, splitLanguagePrefix } from './lib/i18n/routing.ts';
import { translator } from './lib/i18n/ui.ts';
import { getDb } from './lib/db/client.ts';
import { SESSION_COOKIE, resumeSession } from './lib/auth/sessions.ts';
import { scheduleCleanup } from './lib/auth/cleanup.ts';
import { scheduleReminders } from './lib/orgs/reminder-schedule.ts';
import { scheduleSupervision } from './lib/tutoring/schedule.ts';
import { ensureMailWorker } from './lib/mail/outbox.ts';
import { ensureCoursePdfsPrepared } from './lib/progress/course-pdfs.ts';
import { applyCookie } from './lib/http/requests.ts';
import { isAppError } from './lib/http/errors.ts';
import { errorResponse, textResponse } from './lib/http/responses.ts';
import { isForbiddenCrossSiteRequest } from './lib/http/origin.ts';
import { visitorPageKey, visitorPages } from './lib/http/page-cache.ts';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export const onRequest = defineMiddleware((context, next): Promise<Response> => {
  // Every log line written while this request is served carries its id; the response names it too.
  const started = performance.now();
  const { requestId, result } = withRequestId(() => handle(context, next));
  return result.then((response) => {
    try {
      response.headers.set('X-Request-Id', requestId);
    } catch {
      // immutable headers (static assets)
    }
    // The path only: query strings can hold tokens.
    log.info({ requestId, method: context.request.method, path: context.url.pathname, status: response.status, ms: Math.round(performance.now() - started) }, 'request');
    return response;
  });
});

async function handle(context: APIContext, next: MiddlewareNext): Promise<Response> {
  if (isForbiddenCrossSiteRequest(context.request, context.url)) {
    return textResponse(403, `Cross-site ${context.request.method} form submissions are forbidden`, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
  }
  // A public page under /de or /sv is that page in that language; anything else under a prefix
  // (and English under /en) has one URL without it.
  const { language: prefixed, path } = splitLanguagePrefix(context.url.pathname);
  if (prefixed && (prefixed === 'en' || !isLocalizedPath(path))) return context.redirect(path + context.url.search, 308);
  const lang = prefixed ?? resolveLanguage(context.cookies.get(LANGUAGE_COOKIE)?.value, context.request.headers.get('accept-language'));
  context.locals.lang = lang;
  context.locals.t = translator(lang);
  context.locals.route = { path, prefixed: Boolean(prefixed), localized: isLocalizedPath(path), indexable: isIndexablePath(path) };
  context.locals.href = (target) => localizePath(target, lang);
  scheduleCleanup(getDb());
  scheduleReminders(getDb());
  scheduleSupervision(getDb());
  ensureMailWorker(getDb());
  ensureCoursePdfsPrepared(getDb());
  // A visitor's public page that another visitor in the same language got a moment ago.
  const pageKey = visitorPages.enabled ? visitorPageKey(context.request, context.url, lang, LANGUAGE_COOKIE) : null;
  const kept = pageKey ? visitorPages.get(pageKey) : null;
  if (kept) return kept;
  const session = await resumeSession(getDb(), context.cookies.get(SESSION_COOKIE)?.value);
  context.locals.user = session.user;
  context.locals.sessionId = session.sessionId;
  applyCookie(context.cookies, session.cookie);

  let response: Response;
  let keep = false;
  try {
    response = await (prefixed ? next(path + context.url.search) : next());
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
    else if (!response.headers.has('Cache-Control') && (response.headers.get('Content-Type') ?? '').startsWith('text/html')) {
      // Public pages may be kept a minute by browsers and shared caches (Vary keeps languages apart); the rest is checked every time.
      const publicPage = context.request.method === 'GET' && response.status === 200 && context.locals.route.localized;
      response.headers.set('Cache-Control', publicPage ? 'public, max-age=60' : 'no-cache');
      // Kept only what shared caches may keep anyway, and nothing that sets a cookie.
      keep = Boolean(pageKey && publicPage && !session.user && context.cookies.headers().next().done);
    }
  } catch {
    // Responses with immutable headers (static assets) keep theirs.
  }
  return keep && pageKey ? visitorPages.keep(pageKey, response) : response;
}
