import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { requireOrgMember } from '../../../lib/orgs/access.ts';
import { logoOf } from '../../../lib/orgs/organisations.ts';
import { AppError } from '../../../lib/http/errors.ts';

/** The organisation's logo, for its members only. */
export const GET: APIRoute = ({ locals, params }) => {
  const db = getDb();
  const logo = logoOf(db, requireOrgMember(db, locals.user, params.slug ?? ''));
  if (!logo) throw new AppError(404, 'error.notFound');
  return new Response(new Uint8Array(logo.bytes), { headers: { 'Content-Type': logo.type, 'Cache-Control': 'private, max-age=300', 'X-Content-Type-Options': 'nosniff' } });
};
