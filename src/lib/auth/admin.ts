/** What a site admin sees and changes about accounts. */
import { and, isNull, like, or, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accessGrants, userRoles, users, type Role } from '../db/schema.ts';

export function listUsers(db: Db, query = '', limit = 50) {
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

/** Whether an id belongs to an account that still exists (admin forms post ids). */
export function isActiveUser(db: Db, userId: string): boolean {
  return Boolean(db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNull(users.deletedAt))).get());
}
