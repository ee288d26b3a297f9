import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { certificatePdf } from '../../../lib/certificates/pages.ts';
import { pdfFile } from '../../../lib/http/responses.ts';

/** The certificate as PDF. Public like the verification page: the id is the secret. */
export const GET: APIRoute = async ({ params }) => pdfFile(await certificatePdf(getDb(), params.id ?? ''), `certificate-${params.id}.pdf`, { 'X-Robots-Tag': 'noindex' });
