/**
 * Cross-site form posts are refused (403), as Astro's `checkOrigin` does, with one kind of
 * exception: addresses a token in the URL authorises instead of a session. RFC 8058 one-click
 * unsubscribe is the case: mail providers POST to the link from their own servers, without our
 * Origin, and must be able to stop the lesson mails.
 */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const TOKEN_AUTHORISED_POSTS = new Set(['/email-course/unsubscribe']);

export function isForbiddenCrossSiteRequest(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method) || TOKEN_AUTHORISED_POSTS.has(url.pathname)) return false;
  const sameOrigin = request.headers.get('origin') === url.origin;
  const type = request.headers.get('content-type');
  if (type !== null) return FORM_TYPES.some((form) => type.toLowerCase().includes(form)) && !sameOrigin;
  return !sameOrigin;
}
