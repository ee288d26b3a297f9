import type { APIRoute } from 'astro';
import { robotsTxt } from '../lib/seo/pages.ts';
import { textDocument } from '../lib/http/responses.ts';

export const GET: APIRoute = () => textDocument(robotsTxt(), 'text/plain');
