/**
 * The one path from a refusal to a response. Pages, endpoints and areas throw `AppError`;
 * the middleware hands it to `errorResponse()`, which answers a visitor who must sign in with a
 * redirect (JSON clients get the 401), a browser with the error page (status and the reason in the reader's language) and
 * any other client with the reason as plain text. Forms catch the same error in `submitForm()`
 * to show it next to its field.
 */
import type { APIContext } from 'astro';
import type { AppError } from './errors.ts';
import { signInUrl } from './requests.ts';

/** Route of the page that renders `locals.error`. */
export const ERROR_PAGE = '/error';

/** A short plain-text answer (a refusal's reason) for clients that did not ask for a page. */
export function textResponse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
}

/** Browsers get a page; a client fetching a file (a PDF, a JSON document) without asking for HTML gets text. */
function wantsPage(request: Request, url: URL): boolean {
  return (request.headers.get('accept') ?? '').includes('text/html') || !/\.[a-z0-9]+$/i.test(url.pathname);
}

export async function errorResponse(context: APIContext, error: AppError): Promise<Response> {
  const retry: Record<string, string> = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
  // People (pages, PDF downloads) are sent to sign in and back; JSON is for software, which gets the status.
  const forSoftware = /\.json$/i.test(context.url.pathname) || (context.request.headers.get('accept') ?? '').startsWith('application/json');
  if (error.status === 401 && !forSoftware) {
    return context.redirect(signInUrl(context.url.pathname + context.url.search), 303);
  }
  if (!wantsPage(context.request, context.url)) return textResponse(error.status, context.locals.t(error.key, error.vars), retry);
  context.locals.error = error;
  // A fresh GET with the same headers (cookies, language): the original body may have been read already.
  const page = await context.rewrite(new Request(new URL(ERROR_PAGE, context.url), { headers: context.request.headers }));
  const headers = new Headers(page.headers);
  for (const [name, value] of Object.entries(retry)) headers.set(name, value);
  return new Response(page.body, { status: error.status, headers });
}

/** A PDF as a download; personal, so never cached by shared caches. */
export function pdfFile(pdf: Uint8Array, filename: string, headers: Record<string, string> = {}): Response {
  return new Response(new Uint8Array(pdf), {
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'private, no-store', ...headers },
  });
}

/** A generated image: public, cached for a day (it changes only with the content it shows). */
export function pngFile(png: Uint8Array, maxAgeSeconds = 86_400): Response {
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png', 'Cache-Control': `public, max-age=${maxAgeSeconds}` } });
}

/** A text document for software (sitemap, robots.txt), cached briefly. */
export function textDocument(body: string, contentType: string, maxAgeSeconds = 3600): Response {
  return new Response(body, { headers: { 'Content-Type': `${contentType}; charset=utf-8`, 'Cache-Control': `public, max-age=${maxAgeSeconds}` } });
}
