/**
 * Results taken without an account are remembered in an httpOnly cookie, so that signing up or
 * in afterwards attaches them to the account.
 */
import type { AstroCookies } from 'astro';
import type { Db } from '../db/client.ts';
import { claimAssessments } from './store.ts';

const COOKIE = 'pending_assessments';

export function rememberPending(cookies: AstroCookies, id: string): void {
  const ids = [...pendingIds(cookies), id].slice(-5);
  cookies.set(COOKIE, ids.join('.'), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 30, secure: (process.env.SITE_URL ?? '').startsWith('https://') });
}

export function pendingIds(cookies: AstroCookies): string[] {
  return (cookies.get(COOKIE)?.value ?? '').split('.').filter((id) => /^[A-Za-z0-9_-]{10,64}$/.test(id));
}

/** Attaches remembered results to the account that just signed up or in, then forgets them. */
export function claimPending(cookies: AstroCookies, db: Db, userId: string): void {
  const ids = pendingIds(cookies);
  if (!ids.length) return;
  claimAssessments(db, ids, userId);
  cookies.delete(COOKIE, { path: '/' });
}
