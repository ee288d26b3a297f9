import type { APIRoute } from 'astro';
import { endSession } from '../lib/auth/sessions.ts';
import { getDb } from '../lib/db/client.ts';
import { applyCookie } from '../lib/http/requests.ts';

export const POST: APIRoute = async ({ locals, cookies, redirect }) => {
  if (locals.sessionId) applyCookie(cookies, await endSession(getDb(), locals.sessionId));
  return redirect('/?notice=signed-out', 303);
};
