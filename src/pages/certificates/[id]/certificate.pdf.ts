import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { certificatePdf } from '../../../lib/certificates/pages.ts';

/** The certificate as PDF. Public like the verification page: the id is the secret. */
export const GET: APIRoute = async ({ params, locals }) => {
  const pdf = await certificatePdf(getDb(), params.id ?? '');
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  if (pdf === null) return text(404, locals.t('cert.notFoundText'));
  if (pdf === 'revoked') return text(410, locals.t('cert.pdfRevoked'));
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="certificate-${params.id}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  });
};
