import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { textResponse } from '../../../lib/http.ts';
import { certificateCredential, certificateRoute } from '../../../lib/certificates/pages.ts';

/** The signed Open Badges 3.0 credential, as a file to keep in a wallet or hand to a verifier. */
export const GET: APIRoute = ({ params, locals }) =>
  certificateRoute(locals.t, async () => {
    const credential = await certificateCredential(getDb(), params.id ?? '');
    if (!credential) return textResponse(404, locals.t('cert.notFoundText'));
    return new Response(JSON.stringify(credential), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="certificate-${params.id}.json"`,
        'Cache-Control': 'private, no-store',
        'X-Robots-Tag': 'noindex',
        'Access-Control-Allow-Origin': '*',
      },
    });
  });
