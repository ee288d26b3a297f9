/**
 * Sessions through lucia 3 and its drizzle adapter. lucia is in maintenance upstream, so it is
 * used only here: pages and middleware call these functions, and swapping lucia for the
 * maintainers' single-file session code touches this file alone.
 */
import { Lucia, type Cookie } from 'lucia';
import { DrizzleSQLiteAdapter } from '@lucia-auth/adapter-drizzle';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sessions, userRoles, users, type Role } from '../db/schema.ts';
import { secureCookies, type CookieToSet } from '../http/requests.ts';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  language: 'en' | 'de' | 'sv';
  roles: Role[];
}

export const SESSION_COOKIE = 'session';

const instances = new WeakMap<Db, Lucia>();

function lucia(db: Db): Lucia {
  let instance = instances.get(db);
  if (!instance) {
    instance = new Lucia(new DrizzleSQLiteAdapter(db, sessions, users), {
      sessionCookie: {
        name: SESSION_COOKIE,
        // Secure whenever the public address is HTTPS; the local quick start runs on plain http://localhost.
        attributes: { secure: secureCookies(), sameSite: 'lax' },
      },
    });
    instances.set(db, instance);
  }
  return instance;
}

export type { CookieToSet };

function toCookie(cookie: Cookie): CookieToSet {
  return { name: cookie.name, value: cookie.value, attributes: cookie.attributes };
}

export function loadSessionUser(db: Db, userId: string): SessionUser | null {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !user.email || user.deletedAt) return null;
  const roles = db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    language: user.language,
    roles: ['learner', ...roles.filter((r) => r !== 'learner')],
  };
}

/** Starts a session; returns the cookie to set. */
export async function startSession(db: Db, userId: string): Promise<CookieToSet> {
  const session = await lucia(db).createSession(userId, {});
  return toCookie(lucia(db).createSessionCookie(session.id));
}

/** Validates the session id from the cookie; returns the user and, when it must change, a cookie to set. */
export async function resumeSession(db: Db, sessionId: string | undefined): Promise<{ user: SessionUser | null; sessionId: string | null; cookie?: CookieToSet }> {
  if (!sessionId) return { user: null, sessionId: null };
  const { session, user } = await lucia(db).validateSession(sessionId);
  if (!session || !user) return { user: null, sessionId: null, cookie: toCookie(lucia(db).createBlankSessionCookie()) };
  const sessionUser = loadSessionUser(db, user.id);
  if (!sessionUser) {
    await lucia(db).invalidateSession(session.id);
    return { user: null, sessionId: null, cookie: toCookie(lucia(db).createBlankSessionCookie()) };
  }
  return { user: sessionUser, sessionId: session.id, cookie: session.fresh ? toCookie(lucia(db).createSessionCookie(session.id)) : undefined };
}

export async function endSession(db: Db, sessionId: string): Promise<CookieToSet> {
  await lucia(db).invalidateSession(sessionId);
  return toCookie(lucia(db).createBlankSessionCookie());
}

/** Ends every session of a user (after a password change or reset). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await lucia(db).invalidateUserSessions(userId);
}
