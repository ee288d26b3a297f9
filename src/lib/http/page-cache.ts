/**
 * Public pages for visitors, kept for a few seconds per process. A visitor without cookies gets
 * the same page as every other visitor in their language, so under load most of them can be
 * answered without rendering again. The site already lets browsers and shared caches keep these
 * pages for a minute (`Cache-Control: public, max-age=60`); this keeps them for less
 * (PAGE_CACHE_SECONDS, default 10; 0 turns it off), so a newly approved or removed comment shows
 * to visitors within seconds.
 */

import { LRUCache } from 'lru-cache';

interface KeptPage {
  body: string;
  status: number;
  headers: [string, string][];
  stored: number;
}

/** Only the language choice may come with a visitor's request; any other cookie may change the page. */
export function visitorPageKey(request: Request, url: URL, language: string, languageCookie: string): string | null {
  // GET only: a HEAD answer may come without its body, and must never be kept for a GET.
  if (request.method !== 'GET') return null;
  const cookies = (request.headers.get('cookie') ?? '').split(';').map((part) => part.trim().split('=')[0]).filter(Boolean);
  if (cookies.some((name) => name !== languageCookie)) return null;
  // Not the Host header: pages name the site by SITE_URL, and made-up hosts must not fill the cache.
  return `${language} ${url.pathname}${url.search}`;
}

export class PageCache {
  private readonly pages: LRUCache<string, KeptPage> | null;
  constructor(ttlMs: number, limit = 300) {
    this.pages = ttlMs > 0 ? new LRUCache({ max: limit, ttl: ttlMs }) : null;
  }

  get enabled(): boolean {
    return this.pages !== null;
  }

  /** The kept page as a new response, or null when there is none or it is too old. */
  get(key: string, now = Date.now()): Response | null {
    const page = this.pages?.get(key);
    if (!page) return null;
    const response = new Response(page.body, { status: page.status, headers: page.headers });
    // Tells operators (and tests) the page was not rendered for this request; Age keeps shared
    // caches from adding their minute to the seconds it was kept here.
    response.headers.set('X-Cache', 'hit');
    response.headers.set('Age', String(Math.floor((now - page.stored) / 1000)));
    return response;
  }

  /** Keeps the page and returns a response to send in place of the one that was read. */
  async keep(key: string, response: Response, now = Date.now()): Promise<Response> {
    const body = await response.text();
    const headers = [...response.headers.entries()];
    this.pages?.set(key, { body, status: response.status, headers, stored: now });
    return new Response(body, { status: response.status, headers });
  }
}

/** The visitor pages of this process (none under `astro dev`, where an author expects each edit at once). */
export const visitorPages = new PageCache(import.meta.env.DEV ? 0 : Number(process.env.PAGE_CACHE_SECONDS ?? 10) * 1000);
