import type { APIRoute } from 'astro';
import { coursePreviewPng } from '../../../lib/seo/pages.ts';
import { pngFile } from '../../../lib/http/responses.ts';

/** The preview image social networks show for a shared course link (1200 × 630). */
export const GET: APIRoute = async ({ params }) => pngFile(await coursePreviewPng(params.course ?? ''));
