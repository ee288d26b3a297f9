import { describe, expect, it } from 'vitest';
import { freshDb } from '../support/db.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { loadSessionUser, type SessionUser } from '../../src/lib/auth/sessions.ts';
import { listUsers, setRoles } from '../../src/lib/auth/admin.ts';
import { grantAccess } from '../../src/lib/progress/progress.ts';
import { listCertificates, revokeCertificate } from '../../src/lib/certificates/certificates.ts';
import { accessGrants, certificates, userRoles } from '../../src/lib/db/schema.ts';
import type { Db } from '../../src/lib/db/client.ts';
import { AppError } from '../../src/lib/http/errors.ts';

/** Every function an admin page calls, as one action each; the pages no longer check the role themselves. */
const adminActions: Record<string, (db: Db, actor: SessionUser | null, targetId: string) => unknown> = {
  listUsers: (db, actor) => listUsers(db, actor),
  setRoles: (db, actor, targetId) => setRoles(db, actor, targetId, ['admin']),
  grantAccess: (db, actor, targetId) => grantAccess(db, actor, targetId, 'paid-course', 'because', ['paid-course']),
  listCertificates: (db, actor) => listCertificates(db, actor),
  revokeCertificate: (db, actor) => revokeCertificate(db, actor, 'certificate-0000', 'Issued by mistake'),
};

async function setup() {
  const db = freshDb();
  const user = async (name: string, roles: ('admin' | 'tutor' | 'moderator')[] = []) =>
    loadSessionUser(db, await createUser(db, { name, email: `${name.toLowerCase()}@example.com`, password: 'xxxxxxxxxxxx', roles }))!;
  const target = await user('Target');
  const refused = { visitor: null, learner: await user('Learner'), tutor: await user('Tutor', ['tutor']), moderator: await user('Moderator', ['moderator']) };
  const admin = await user('Admin', ['admin']);
  db.insert(certificates)
    .values({ id: 'certificate-0000', userId: target.id, courseSlug: 'paid-course', learnerName: 'Target', courseTitle: 'Paid', courseLanguage: 'en', hours: 1, completedAt: new Date(), finalPercent: 90, courseVersion: 1, statusIndex: 7, recipientSalt: 'salt', recipientHash: 'hash' })
    .run();
  return { db, target, refused, admin };
}

function refusal(action: () => unknown): AppError | null {
  try {
    action();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('admin functions check the acting person themselves', () => {
  for (const [name, action] of Object.entries(adminActions)) {
    it(`${name} refuses a visitor (401), a learner, a tutor and a moderator (403) and changes nothing`, async () => {
      const { db, target, refused, admin } = await setup();
      for (const [who, actor] of Object.entries(refused)) {
        expect(refusal(() => action(db, actor, target.id))?.status, `${name} as ${who}`).toBe(actor ? 403 : 401);
      }
      expect(db.select().from(userRoles).all().filter((r) => r.userId === target.id)).toEqual([]);
      expect(db.select().from(accessGrants).all()).toEqual([]);
      expect(db.select().from(certificates).all()[0].revokedAt).toBeNull();
      // The same call by an admin goes through.
      expect(refusal(() => action(db, admin, target.id))).toBeNull();
    });
  }
});
