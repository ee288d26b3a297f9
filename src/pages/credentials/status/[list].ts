import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { publicJson, revocationList } from '../../../lib/certificates/pages.ts';

/** The Bitstring Status List credential verifiers read to see whether a credential was revoked. */
// Short cache: a revocation should reach verifiers within a minute.
export const GET: APIRoute = async ({ params }) => publicJson(await revocationList(getDb(), params.list), 60);
