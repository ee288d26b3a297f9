/**
 * Role checks for pages and actions. Every protected route calls one of these; each throws an
 * AppError that the page turns into a redirect to sign-in (401) or a 403 page.
 */
import { AppError } from '../http/errors.ts';
import type { Role } from '../db/schema.ts';
import type { SessionUser } from './sessions.ts';

export function requireUser(user: SessionUser | null | undefined): SessionUser {
  if (!user) throw new AppError(401, 'error.signInRequired');
  return user;
}

export function requireVerifiedUser(user: SessionUser | null | undefined): SessionUser {
  const signedIn = requireUser(user);
  if (!signedIn.emailVerified) throw new AppError(403, 'error.verifyFirst');
  return signedIn;
}

export function requireRole(user: SessionUser | null | undefined, role: Role): SessionUser {
  const signedIn = requireUser(user);
  if (!signedIn.roles.includes(role) && !signedIn.roles.includes('admin')) throw new AppError(403, 'error.forbidden');
  return signedIn;
}

export function hasRole(user: SessionUser | null | undefined, role: Role): boolean {
  return Boolean(user && (user.roles.includes(role) || user.roles.includes('admin')));
}
