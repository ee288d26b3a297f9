import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { endOwnSessions } from '../../lib/auth/sessions.ts';
import { getDb } from '../../lib/db/client.ts';
import { AppError } from '../../lib/http/errors.ts';
import { readForm } from '../../lib/http/requests.ts';

/** Ends one of the signed-in user's sessions, or all but this one; another user's session id changes nothing. */
export const POST: APIRoute = async ({ locals, request, redirect }) => {
  const user = requireUser(locals.user);
  const form = await readForm(request);
  const sessionId = String(form.get('session') ?? '');
  if (form.get('others')) endOwnSessions(getDb(), user.id, { allExcept: locals.sessionId ?? '' });
  else if (/^[0-9a-f]{64}$/.test(sessionId)) endOwnSessions(getDb(), user.id, { sessionId });
  else throw new AppError(400, 'account.sessionUnknown');
  return redirect('/account?notice=sessions-ended#sessions', 303);
};
