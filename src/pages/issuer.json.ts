import type { APIRoute } from 'astro';
import { certificateRoute, issuerDocuments, publicJson } from '../lib/certificates/pages.ts';

/** The issuer profile (Open Badges 3.0 Profile) for software. */
export const GET: APIRoute = ({ locals }) => certificateRoute(locals.t, async () => publicJson((await issuerDocuments()).profile));
