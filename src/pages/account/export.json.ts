import type { APIRoute } from 'astro';
import { exportUserData } from '../../lib/account/personal-data.ts';
import { requireUser } from '../../lib/auth/guards.ts';
import { getDb } from '../../lib/db/client.ts';

export const GET: APIRoute = ({ locals }) =>
  new Response(JSON.stringify(exportUserData(getDb(), requireUser(locals.user).id), null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="channelwise-my-data.json"',
      'Cache-Control': 'private, no-store',
    },
  });
