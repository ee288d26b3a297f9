import type { APIRoute } from 'astro';
import { issuerDocuments, publicJson } from '../../lib/certificates/pages.ts';

/** The issuer's public key as a Multikey document: what credentials' proofs are checked against. */
export const GET: APIRoute = async () => publicJson((await issuerDocuments()).keyDocument);
