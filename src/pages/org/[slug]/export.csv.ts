import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { orgExport } from '../../../lib/orgs/pages.ts';

/** The dashboard's rows (with its filters) as CSV, for the organisation's admins. */
export const GET: APIRoute = async ({ locals, params, url }) => {
  const { csv, filename } = await orgExport(getDb(), locals.user, params.slug ?? '', url);
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'private, no-store' } });
};
