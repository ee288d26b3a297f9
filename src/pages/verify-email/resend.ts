import type { APIRoute } from 'astro';
import { resendVerification } from '../../lib/auth/accounts.ts';
import { getDb } from '../../lib/db/client.ts';
import { publicBaseUrl, signInUrl } from '../../lib/http/requests.ts';

export const POST: APIRoute = async ({ locals, redirect }) => {
  if (!locals.user) return redirect(signInUrl('/dashboard'), 303);
  await resendVerification(getDb(), locals.user.id, publicBaseUrl());
  return redirect('/dashboard?notice=resent', 303);
};
