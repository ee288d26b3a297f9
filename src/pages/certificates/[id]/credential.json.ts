import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { certificateCredential } from '../../../lib/certificates/pages.ts';

/** The signed Open Badges 3.0 credential, as a file to keep in a wallet or hand to a verifier. */
export const GET: APIRoute = async ({ params }) =>
  new Response(JSON.stringify(await certificateCredential(getDb(), params.id ?? '')), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="certificate-${params.id}.json"`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
      'Access-Control-Allow-Origin': '*',
    },
  });
