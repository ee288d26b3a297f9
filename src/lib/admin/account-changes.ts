/**
 * The forms of /admin/users: roles and course access for one account. The functions called
 * check that the actor is a site admin themselves.
 */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { setRoles } from '../auth/admin.ts';
import { grantAccess } from '../progress/progress.ts';
import { AppError } from '../http/errors.ts';

export function applyAccountChange(db: Db, actor: SessionUser | null, form: FormData, courseSlugs: readonly string[]): void {
  const userId = String(form.get('userId') ?? '');
  const intent = form.get('intent');
  if (intent === 'roles') return setRoles(db, actor, userId, form.getAll('role').map(String));
  if (intent === 'access') return grantAccess(db, actor, userId, String(form.get('course') ?? ''), String(form.get('reason') ?? ''), courseSlugs);
  throw new AppError(400, 'error.unknownIntent');
}
