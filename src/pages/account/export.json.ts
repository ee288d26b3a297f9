import type { APIRoute } from 'astro';
import { exportUserData } from '../../lib/auth/accounts.ts';
import { requireUser } from '../../lib/auth/guards.ts';
import { getDb } from '../../lib/db/client.ts';
import { AppError } from '../../lib/forms.ts';
import { textResponse } from '../../lib/http.ts';

export const GET: APIRoute = ({ locals }) => {
  try {
    const user = requireUser(locals.user);
    return new Response(JSON.stringify(exportUserData(getDb(), user.id), null, 2), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': 'attachment; filename="channelwise-my-data.json"',
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof AppError) return textResponse(error.status, locals.t(error.key));
    throw error;
  }
};
