/**
 * Public pages have one URL per interface language: English at the root, German under /de and
 * Swedish under /sv (docs/decisions/0010). Private pages (account, dashboard, admin, sign-in …)
 * have one URL and follow the reader's choice (cookie, then Accept-Language).
 */
import { LANGUAGES, type Language } from './language.ts';

export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * Paths that exist in every language: home, catalogue, course overviews, lessons, the
 * self-assessment form, the issuer page and certificate pages.
 */
export const LEGAL_PAGES = ['imprint', 'privacy', 'terms', 'withdrawal'] as const;

const LOCALIZED = [/^\/$/, /^\/legal\/(?:imprint|privacy|terms|withdrawal)$/, /^\/courses$/, /^\/courses\/[a-z0-9-]+$/, /^\/courses\/[a-z0-9-]+\/(?:\d{2}-[a-z0-9-]+|final)$/, /^\/assessment$/, /^\/issuer$/, /^\/certificates\/[A-Za-z0-9_-]+$/];

/** Localized paths that search engines should not index (personal records). */
const NOT_INDEXED = [/^\/certificates\//];

export function isLocalizedPath(path: string): boolean {
  return LOCALIZED.some((pattern) => pattern.test(path));
}

export function isIndexablePath(path: string): boolean {
  return isLocalizedPath(path) && !NOT_INDEXED.some((pattern) => pattern.test(path));
}

/** Splits a language prefix off a pathname: `/de/courses` → de, `/courses`; `/sv` → sv, `/`. */
export function splitLanguagePrefix(pathname: string): { language: Language | null; path: string } {
  const match = /^\/(de|sv|en)(\/.*)?$/.exec(pathname);
  if (!match || !(LANGUAGES as readonly string[]).includes(match[1])) return { language: null, path: pathname };
  return { language: match[1] as Language, path: match[2] || '/' };
}

/** The URL of a path in a language: unchanged for English and for paths that are not localized. */
export function localizePath(pathWithQuery: string, language: Language): string {
  const [path, query] = splitQuery(pathWithQuery);
  if (language === DEFAULT_LANGUAGE || !isLocalizedPath(path)) return pathWithQuery;
  return `/${language}${path === '/' ? '' : path}${query}`;
}

function splitQuery(pathWithQuery: string): [string, string] {
  const index = pathWithQuery.search(/[?#]/);
  return index === -1 ? [pathWithQuery, ''] : [pathWithQuery.slice(0, index), pathWithQuery.slice(index)];
}

/** What the layout needs for `<link rel="canonical">` and `hreflang` alternates of a page. */
export function languageAlternates(path: string, language: Language, base: string) {
  if (!isLocalizedPath(path)) return null;
  return {
    canonical: base + localizePath(path, language),
    alternates: LANGUAGES.map((l) => ({ language: l, href: base + localizePath(path, l) })),
    xDefault: base + path,
  };
}
