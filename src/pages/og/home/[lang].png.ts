import type { APIRoute } from 'astro';
import { homePreviewPng } from '../../../lib/seo/pages.ts';
import { pngFile } from '../../../lib/http/responses.ts';

/** The preview image of the home page, per interface language. */
export const GET: APIRoute = ({ params }) => pngFile(homePreviewPng(params.lang ?? ''));
