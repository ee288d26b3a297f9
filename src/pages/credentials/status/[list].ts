import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { certificateRoute, publicJson, revocationList } from '../../../lib/certificates/pages.ts';

/** The Bitstring Status List credential verifiers read to see whether a credential was revoked. */
export const GET: APIRoute = ({ params, locals }) =>
  certificateRoute(locals.t, async () => {
    if (params.list !== '1') return new Response('No such status list', { status: 404 });
    // Short cache: a revocation should reach verifiers within a minute.
    return publicJson(await revocationList(getDb()), 60);
  });
