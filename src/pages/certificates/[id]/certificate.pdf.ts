import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { textResponse } from '../../../lib/http.ts';
import { certificatePdf } from '../../../lib/certificates/pages.ts';

/** The certificate as PDF. Public like the verification page: the id is the secret. */
export const GET: APIRoute = async ({ params, locals }) => {
  const pdf = await certificatePdf(getDb(), params.id ?? '');
  if (pdf === null) return textResponse(404, locals.t('cert.notFoundText'));
  if (pdf === 'revoked') return textResponse(410, locals.t('cert.pdfRevoked'));
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="certificate-${params.id}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  });
};
