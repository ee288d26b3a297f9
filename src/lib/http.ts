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

/**
 * Base URL for links in e-mails: the configured SITE_URL, never the request's Host header (which
 * a client chooses, so a reset link could otherwise be pointed at someone else's server).
 */
export function publicBaseUrl(): string {
  return (process.env.SITE_URL ?? `http://localhost:${process.env.PORT ?? 4321}`).replace(/\/$/, '');
}

/** The form of a request; anything that is not a readable form (JSON, broken multipart, too large) reads as empty and fails validation with a 4xx. */
export async function readForm(request: Request): Promise<FormData> {
  return request.formData().catch(() => new FormData());
}

/** A short plain-text answer (a refusal's reason) for routes that do not render a page. */
export function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(safeReturnPath(next))}`;
}

export { safeReturnPath };
