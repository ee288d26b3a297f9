import type { APIRoute } from 'astro';
import { resendVerification } from '../../lib/auth/accounts.ts';
import { getDb } from '../../lib/db/client.ts';
import { clientAddress, publicBaseUrl, signInUrl } from '../../lib/http/requests.ts';
import { limitMailForm } from '../../lib/auth/throttle.ts';

export const POST: APIRoute = async ({ locals, redirect, request, clientAddress: socketAddress }) => {
  if (!locals.user) return redirect(signInUrl('/dashboard'), 303);
  limitMailForm(getDb(), clientAddress(request, socketAddress), locals.user.email);
  await resendVerification(getDb(), locals.user.id, publicBaseUrl());
  return redirect('/dashboard?notice=resent', 303);
};
