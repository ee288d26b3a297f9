import type { APIRoute } from 'astro';
import { issuerDocuments, publicJson } from '../lib/certificates/pages.ts';

/** The issuer profile (Open Badges 3.0 Profile) for software. */
export const GET: APIRoute = async () => publicJson((await issuerDocuments()).profile);
