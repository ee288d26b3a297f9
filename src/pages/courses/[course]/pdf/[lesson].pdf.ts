import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/db/client.ts';
import { coursePdfDownload } from '../../../../lib/progress/course-pdfs.ts';
import { pdfFile } from '../../../../lib/http/responses.ts';

/** One lesson as PDF (the "text as PDF" offer), for readers with access. */
export const GET: APIRoute = async ({ locals, params }) => {
  const { pdf, filename } = await coursePdfDownload(getDb(), locals.user, params.course ?? '', params.lesson ?? '');
  return pdfFile(pdf, filename);
};
