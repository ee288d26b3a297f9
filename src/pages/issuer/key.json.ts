import type { APIRoute } from 'astro';
import { certificateRoute, issuerDocuments, publicJson } from '../../lib/certificates/pages.ts';

/** The issuer's public key as a Multikey document: what credentials' proofs are checked against. */
export const GET: APIRoute = ({ locals }) => certificateRoute(locals.t, async () => publicJson((await issuerDocuments()).keyDocument));
