/**
 * Sessions through lucia 3 and its drizzle adapter. lucia is in maintenance upstream, so it is
 * used only here: pages and middleware call these functions, and swapping lucia for the
 * maintainers' single-file session code touches this file alone.
 */
import { createHash } from 'node:crypto';
import { Lucia, TimeSpan, generateIdFromEntropySize, type Cookie } from 'lucia';
import { DrizzleSQLiteAdapter } from '@lucia-auth/adapter-drizzle';
import { and, desc, eq, lt, ne, not, or, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { sessions, userRoles, users, type Role } from '../db/schema.ts';
import { secureCookies, type CookieToSet } from '../http/requests.ts';
import { securityEvent } from '../log/log.ts';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  language: 'en' | 'de' | 'sv';
  roles: Role[];
}

export const SESSION_COOKIE = 'session';

/** A session nobody uses for this long ends (lucia moves the limit forward on use). */
export const SESSION_IDLE_DAYS = 14;
/** A session ends this long after sign-in however often it is used. */
export const SESSION_ABSOLUTE_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

type SessionAttributes = { createdAt: number; userAgent: string };
/** The account fields a request needs, read in the same query that validates the session. */
type AccountRow = Pick<typeof users.$inferSelect, 'id' | 'name' | 'email' | 'emailVerifiedAt' | 'language' | 'deletedAt'>;
type AppLucia = Lucia<SessionAttributes, Omit<AccountRow, 'id'>>;

declare module 'lucia' {
  interface Register {
    Lucia: AppLucia;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: Omit<typeof users.$inferSelect, 'id'>;
  }
}

/** The table keeps only this digest, so a leaked database or backup holds no usable session. */
export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Enough of the User-Agent for a person to recognise their device in the list. */
function shortUserAgent(userAgent: string | null | undefined): string {
  return (userAgent ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 200);
}

const instances = new WeakMap<Db, AppLucia>();

function lucia(db: Db): AppLucia {
  let instance = instances.get(db);
  if (!instance) {
    instance = new Lucia(new DrizzleSQLiteAdapter(db, sessions, users), {
      sessionExpiresIn: new TimeSpan(SESSION_IDLE_DAYS, 'd'),
      getSessionAttributes: (attributes) => ({ createdAt: attributes.createdAt, userAgent: attributes.userAgent }),
      getUserAttributes: (a) => ({ name: a.name, email: a.email, emailVerifiedAt: a.emailVerifiedAt, language: a.language, deletedAt: a.deletedAt }),
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
  return user ? toSessionUser(db, user) : null;
}

/** An account row as the signed-in person: null once deleted; roles from their own table. */
function toSessionUser(db: Db, user: AccountRow): SessionUser | null {
  if (!user.email || user.deletedAt) return null;
  const roles = db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id)).all().map((r) => r.role);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    language: user.language,
    roles: ['learner', ...roles.filter((r) => r !== 'learner')],
  };
}

/**
 * Starts a session; returns the cookie to set. The cookie carries a random token, the table
 * its SHA-256 (lucia 3 accepts a caller-chosen session id).
 */
export async function startSession(db: Db, userId: string, userAgent?: string | null): Promise<CookieToSet> {
  const token = generateIdFromEntropySize(25);
  await lucia(db).createSession(userId, { createdAt: Date.now(), userAgent: shortUserAgent(userAgent) }, { sessionId: sessionIdFor(token) });
  return toCookie(lucia(db).createSessionCookie(token));
}

/**
 * Validates the token from the cookie; returns the user, the session id (the digest, used to end
 * it) and, when it must change, a cookie to set.
 */
export async function resumeSession(db: Db, token: string | undefined): Promise<{ user: SessionUser | null; sessionId: string | null; cookie?: CookieToSet }> {
  if (!token) return { user: null, sessionId: null };
  const blank = { user: null, sessionId: null, cookie: toCookie(lucia(db).createBlankSessionCookie()) };
  const { session, user } = await lucia(db).validateSession(sessionIdFor(token));
  if (!session || !user) return blank;
  // lucia read the account in the session's query: only the roles need one more.
  const sessionUser = toSessionUser(db, user);
  if (!sessionUser || Date.now() - session.createdAt > SESSION_ABSOLUTE_DAYS * DAY_MS) {
    await lucia(db).invalidateSession(session.id);
    return blank;
  }
  return { user: sessionUser, sessionId: session.id, cookie: session.fresh ? toCookie(lucia(db).createSessionCookie(token)) : undefined };
}

export interface ActiveSession {
  /** The stored digest: safe to show in a form, since only the token in a cookie opens a session. */
  id: string;
  createdAt: Date;
  userAgent: string;
  current: boolean;
}

/** Sessions past their idle limit (lucia keeps seconds) or their absolute lifetime (we keep ms). */
function expired(now: number): SQL {
  return or(lt(sessions.expiresAt, Math.floor(now / 1000)), lt(sessions.createdAt, now - SESSION_ABSOLUTE_DAYS * DAY_MS))!;
}

/** The user's sessions that are still valid, newest first. */
export function listSessions(db: Db, userId: string, currentSessionId: string | null): ActiveSession[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), not(expired(Date.now()))))
    .orderBy(desc(sessions.createdAt))
    .all()
    .map((s) => ({ id: s.id, createdAt: new Date(s.createdAt), userAgent: s.userAgent, current: s.id === currentSessionId }));
}

/** Ends one of the user's own sessions, or all but the current one. Another user's session id changes nothing. */
export function endOwnSessions(db: Db, userId: string, which: { sessionId: string } | { allExcept: string }): number {
  const condition = 'sessionId' in which ? eq(sessions.id, which.sessionId) : ne(sessions.id, which.allExcept);
  const ended = db.delete(sessions).where(and(eq(sessions.userId, userId), condition)).run().changes;
  securityEvent('sessions.ended', { userId, ended, scope: 'sessionId' in which ? 'one' : 'all-others' });
  return ended;
}

/** Removes sessions past their idle or absolute limit; returns how many. */
export function deleteExpiredSessions(db: DbOrTx, now = Date.now()): number {
  return db.delete(sessions).where(expired(now)).run().changes;
}

export async function endSession(db: Db, sessionId: string): Promise<CookieToSet> {
  await lucia(db).invalidateSession(sessionId);
  return toCookie(lucia(db).createBlankSessionCookie());
}

/** Ends every session of a user (after a password change or reset). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await lucia(db).invalidateUserSessions(userId);
}
