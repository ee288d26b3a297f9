/**
 * Small helpers that pages share for requests: cookies, the public base URL for links in
 * e-mails, form bodies, and safe "next" targets after sign-in.
 */
import type { AstroCookies } from 'astro';
import { AppError } from './errors.ts';

/** A cookie an area wants set (the session cookie, for example); the page applies it. */
export interface CookieToSet {
  name: string;
  value: string;
  attributes: { maxAge?: number | null; path?: string; secure?: boolean; httpOnly?: boolean; sameSite?: 'lax' | 'strict' | 'none' | boolean; expires?: Date };
}

/**
 * Whether cookies get the Secure flag: on a public https site always. The one rule for every
 * cookie we set (session, language, pending self-assessments).
 */
export function secureCookies(): boolean {
  return (process.env.SITE_URL ?? '').startsWith('https://');
}

export function applyCookie(cookies: AstroCookies, cookie: CookieToSet | undefined): void {
  if (!cookie) return;
  const { maxAge, ...rest } = cookie.attributes;
  cookies.set(cookie.name, cookie.value, { ...rest, sameSite: rest.sameSite as 'lax' | undefined, maxAge: maxAge ?? undefined, path: cookie.attributes.path ?? '/' });
}

/**
 * Base URL for links in e-mails: the configured SITE_URL, never the request's Host header (which
 * a client chooses, so a reset link could otherwise be pointed at someone else's server).
 */
export function publicBaseUrl(): string {
  return (process.env.SITE_URL ?? `http://localhost:${process.env.PORT ?? 4321}`).replace(/\/$/, '');
}

/**
 * The client's network address for throttling: the one scripts/serve.mjs worked out (right-most
 * untrusted X-Forwarded-For entry, see TRUSTED_PROXIES), else the socket's (`fallback`, e.g.
 * Astro.clientAddress under `npm run dev`). Never the left-most X-Forwarded-For value.
 */
export function clientAddress(request: Request, fallback: string | undefined): string {
  return request.headers.get('x-channelwise-client-address') || fallback || 'unknown';
}

/** Largest form body read (the adapter refuses larger bodies too): a few pages of text. */
export const MAX_FORM_BYTES = 1_000_000;

/**
 * The form of a request. A body over MAX_FORM_BYTES is refused with 413; anything else that is
 * not a readable form (JSON, broken multipart) reads as empty and fails validation with a 4xx.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES) throw new AppError(413, 'error.tooLarge');
  return request.formData().catch(() => new FormData());
}

/** Only same-site paths may be redirect targets, so a "next" link cannot be abused as an open redirect. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
  if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

/**
 * A `next` or `return` target as sent: absent means `fallback`; a target off the site leads home
 * (as `safeReturnPath` does); a path that is not in URL form (characters outside printable ASCII,
 * which a browser would have percent-encoded) is refused with a 400 and a reason before anything
 * else happens, instead of failing later in the Location header.
 */
export function requireReturnPath(value: unknown, fallback: string): string {
  if (value === null || value === undefined || value === '') return fallback;
  const path = safeReturnPath(value);
  if (!/^[\u0021-\u007e]*$/.test(path)) throw new AppError(400, 'error.badReturnPath');
  return path;
}

export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(safeReturnPath(next))}`;
}
