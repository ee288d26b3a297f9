import type { APIRoute } from 'astro';
import { sitemapXml } from '../lib/seo/pages.ts';
import { textDocument } from '../lib/http/responses.ts';

/** Every public page in every language, with hreflang alternates. */
export const GET: APIRoute = async () => textDocument(await sitemapXml(), 'application/xml');
