/**
 * Results taken without an account are remembered in an httpOnly session cookie (id and claim
 * secret), so that signing up or in afterwards, in the same browser session, attaches them. A
 * session cookie, so the next person on a shared computer does not inherit them.
 */
import type { AstroCookies } from 'astro';
import type { Db } from '../db/client.ts';
import { claimAssessments } from './store.ts';
import { secureCookies } from '../http/requests.ts';

const COOKIE = 'pending_assessments';

export function rememberPending(cookies: AstroCookies, id: string, secret: string): void {
  const claims = [...pendingClaims(cookies), { id, secret }].slice(-5);
  cookies.set(COOKIE, claims.map((c) => `${c.id}:${c.secret}`).join('.'), { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies() });
}

export function pendingClaims(cookies: AstroCookies): { id: string; secret: string }[] {
  return (cookies.get(COOKIE)?.value ?? '')
    .split('.')
    .map((pair) => pair.split(':'))
    .filter((parts): parts is [string, string] => parts.length === 2 && parts.every((p) => /^[A-Za-z0-9_-]{10,64}$/.test(p)))
    .map(([id, secret]) => ({ id, secret }));
}

/** Attaches remembered results to the account that just signed up or in, then forgets them. */
export function claimPending(cookies: AstroCookies, db: Db, userId: string): void {
  const claims = pendingClaims(cookies);
  if (!claims.length) return;
  claimAssessments(db, claims, userId);
  cookies.delete(COOKIE, { path: '/' });
}
