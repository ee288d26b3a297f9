import type { APIRoute } from 'astro';
import { certificatePreviewPng } from '../../../lib/seo/pages.ts';
import { getDb } from '../../../lib/db/client.ts';
import { pngFile } from '../../../lib/http/responses.ts';

/** The preview image for a shared certificate link: holder, course, date; "revoked" when it no longer counts. */
// Short cache: a revocation should show in new previews soon.
export const GET: APIRoute = ({ params }) => pngFile(certificatePreviewPng(getDb(), params.id ?? ''), 600);
