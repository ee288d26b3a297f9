import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/db/client.ts';
import { coursePdfDownload, pdfResponse } from '../../../../lib/courses/pdf-downloads.ts';

/** One lesson as PDF (the "text as PDF" offer), for readers with access. */
export const GET: APIRoute = (context) => pdfResponse(context, () => coursePdfDownload(getDb(), context.locals.user, context.params.course ?? '', context.params.lesson ?? ''));
