/**
 * Small helpers that pages share for requests and responses: cookies from src/lib/auth, the
 * public base URL for links in e-mails, and safe "next" targets after sign-in.
 */
import type { AstroCookies } from 'astro';
import type { CookieToSet } from './auth/sessions.ts';
import { safeReturnPath } from './i18n/language.ts';

export function applyCookie(cookies: AstroCookies, cookie: CookieToSet | undefined): void {
  if (!cookie) return;
  const { maxAge, ...rest } = cookie.attributes;
  cookies.set(cookie.name, cookie.value, { ...rest, maxAge: maxAge ?? undefined, path: cookie.attributes.path ?? '/' });
}

/** Base URL for links in e-mails: SITE_URL when set (behind a proxy), else the request's origin. */
export function publicBaseUrl(requestUrl: URL): string {
  return (process.env.SITE_URL ?? requestUrl.origin).replace(/\/$/, '');
}

export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(safeReturnPath(next))}`;
}

export { safeReturnPath };
