/**
 * What a site admin sees and changes about accounts. Every function takes the acting person and
 * checks the role itself, so no page can forget to.
 */
import { and, isNull, like, or, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accessGrants, userRoles, users, ROLES, type Role } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireRole } from './guards.ts';
import type { SessionUser } from './sessions.ts';
import { securityEvent } from '../log/log.ts';

/** The acting person, when they are a site admin; 401 for visitors, 403 for everyone else. */
export function requireAdmin(actor: SessionUser | null | undefined): SessionUser {
  return requireRole(actor, 'admin');
}

export function listUsers(db: Db, actor: SessionUser | null | undefined, query = '', limit = 50) {
  requireAdmin(actor);
  const pattern = `%${query.trim().toLowerCase()}%`;
  const rows = db
    .select({ id: users.id, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt, createdAt: users.createdAt })
    .from(users)
    .where(and(isNull(users.deletedAt), query.trim() ? or(like(users.email, pattern), like(users.name, pattern)) : undefined))
    .orderBy(users.createdAt)
    .limit(limit)
    .all();
  return rows.map((row) => ({
    ...row,
    roles: db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, row.id)).all().map((r) => r.role) as Role[],
    grants: db.select({ courseSlug: accessGrants.courseSlug }).from(accessGrants).where(eq(accessGrants.userId, row.id)).all().map((g) => g.courseSlug),
  }));
}

/** The id of an account that still exists; 404 otherwise (admin forms post ids). */
export function requireActiveUser(db: Db, userId: string): string {
  const found = db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNull(users.deletedAt))).get();
  if (!found) throw new AppError(404, 'error.notFound');
  return found.id;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Sets exactly the chosen roles of an account (everyone is a learner; that role is not stored). */
export function setRoles(db: Db, actor: SessionUser | null | undefined, userId: string, chosen: Iterable<string>): void {
  const admin = requireAdmin(actor);
  requireActiveUser(db, userId);
  const wanted = new Set([...chosen].filter(isRole));
  db.transaction((tx) => {
    for (const role of ROLES) {
      if (role === 'learner') continue;
      if (wanted.has(role)) tx.insert(userRoles).values({ userId, role, grantedBy: admin.id }).onConflictDoNothing().run();
      else tx.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, role))).run();
    }
  });
  securityEvent('role.changed', { actorId: admin.id, userId, roles: [...wanted].sort().join(',') });
}
