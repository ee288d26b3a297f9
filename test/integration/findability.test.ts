/** Every public page per language for search engines; sitemap and robots; previews; compression and caching. */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shippedCourses } from '../support/content.ts';
import { Client, newVerifiedLearner } from '../support/http.ts';
import { finishAllButTheAssessment, passFinal } from '../support/journey.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

const baseUrl = inject('baseUrl');
const LANGUAGES = ['en', 'de', 'sv'] as const;
let courses: ValidatedCourse[];

const localized = (path: string, lang: string) => (lang === 'en' ? path : `/${lang}${path === '/' ? '' : path}`);
const attr = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];
const alternates = (html: string) => Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]));
const meta = (html: string, property: string) => attr(html, new RegExp(`<meta (?:property|name)="${property.replace(':', '\\:')}" content="([^"]*)"`));

/** The public pages the sitemap must list: home, catalogue, self-assessment, issuer, courses and the lessons visitors may read. */
function expectedPublicPaths(): string[] {
  const paths = ['/', '/courses', '/assessment', '/issuer', '/legal/imprint', '/legal/privacy', '/legal/terms', '/legal/withdrawal'];
  for (const course of courses) {
    paths.push(`/courses/${course.slug}`);
    const free = course.meta.offers.some((o) => o.kind === 'free');
    for (const [index, lesson] of course.lessons.entries()) if (free || index === 0) paths.push(`/courses/${course.slug}/${lesson.slug}`);
  }
  return paths;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

beforeAll(async () => {
  courses = await shippedCourses();
});

describe('public pages in three languages', () => {
  it('lists exactly the public pages in every language in the sitemap, each with its alternates', async () => {
    const xml = await (await fetch(`${baseUrl}/sitemap.xml`)).text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(baseUrl, ''));
    const expected = expectedPublicPaths().flatMap((path) => LANGUAGES.map((lang) => localized(path, lang)));
    expect([...locs].sort()).toEqual([...expected].sort());
    expect(xml.match(/hreflang="x-default"/g)?.length).toBe(locs.length);
    for (const privatePath of ['/dashboard', '/account', '/sign-in', '/admin', '/assessment/history', '/certificates/', '/final']) {
      expect(locs.some((loc) => loc.includes(privatePath)), privatePath).toBe(false);
    }
  });

  it('answers each public page at its URL per language with lang, canonical and hreflang alternates', async () => {
    for (const path of expectedPublicPaths()) {
      for (const lang of LANGUAGES) {
        const url = localized(path, lang);
        const response = await fetch(baseUrl + url, { redirect: 'manual' });
        expect(response.status, url).toBe(200);
        const html = await response.text();
        expect(attr(html, /<html lang="([a-z]+)"/), url).toBe(lang);
        expect(attr(html, /<link rel="canonical" href="([^"]+)"/), url).toBe(baseUrl + url);
        expect(alternates(html), url).toEqual({ ...Object.fromEntries(LANGUAGES.map((l) => [l, baseUrl + localized(path, l)])), 'x-default': baseUrl + path });
        expect(html, url).not.toContain('name="robots"');
        const description = meta(html, 'description') ?? '';
        expect(description.length, url).toBeGreaterThan(30);
        expect(description, url).not.toBe(attr(html, /<title>([^<]*?) · /));
      }
    }
  });

  it('links within a language stay in it; the reader’s cookie still chooses the language of plain URLs', async () => {
    const course = courses[0];
    const german = await (await fetch(`${baseUrl}/de/courses`)).text();
    expect(german).toContain(`href="/de/courses/${course.slug}"`);
    expect(german).toContain('action="/de/courses"');
    const byCookie = await (await fetch(`${baseUrl}/courses`, { headers: { Cookie: 'lang=sv' } })).text();
    expect(attr(byCookie, /<html lang="([a-z]+)"/)).toBe('sv');
    expect(attr(byCookie, /<link rel="canonical" href="([^"]+)"/)).toBe(`${baseUrl}/sv/courses`);
  });

  it('keeps private pages on one URL and out of search results', async () => {
    for (const path of ['/sign-in', '/sign-up', '/forgot-password']) {
      const html = await (await fetch(baseUrl + path)).text();
      expect(html, path).toContain('<meta name="robots" content="noindex">');
      expect(html, path).not.toContain('rel="canonical"');
      expect(html, path).not.toContain('hreflang=');
      expect(meta(html, 'description'), path).not.toBe(meta((await (await fetch(`${baseUrl}/`)).text()), 'description'));
    }
    for (const path of ['/dashboard', '/account', '/sign-in']) {
      const prefixed = await fetch(`${baseUrl}/de${path}`, { redirect: 'manual' });
      expect(prefixed.status, path).toBe(308);
      expect(prefixed.headers.get('location'), path).toBe(path);
    }
    const robots = await (await fetch(`${baseUrl}/robots.txt`)).text();
    for (const path of ['/account', '/admin', '/dashboard']) expect(robots).toContain(`Disallow: ${path}\n`);
    expect(robots).toContain(`Sitemap: ${baseUrl}/sitemap.xml`);
  });
});

describe('previews for shared links', () => {
  it('gives a course Open Graph and Twitter tags, a 1200 × 630 PNG and schema.org Course data', async () => {
    const course = courses[0];
    const html = await (await fetch(`${baseUrl}/courses/${course.slug}`)).text();
    expect(meta(html, 'og:title')).toBe(course.meta.title);
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    const image = meta(html, 'og:image')!;
    expect(image).toBe(`${baseUrl}/og/courses/${course.slug}.png`);
    const png = await fetch(image);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(pngSize(new Uint8Array(await png.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
    const data = JSON.parse(attr(html, /<script type="application\/ld\+json">([\s\S]*?)<\/script>/)!);
    expect(data).toMatchObject({ '@type': 'Course', name: course.meta.title, inLanguage: course.meta.language });
    expect((await fetch(`${baseUrl}/og/courses/no-such-course.png`)).status).toBe(404);
  });

  it('titles a certificate page with holder and course, previews it with an image and credential data', async () => {
    const { client } = await newVerifiedLearner('Åsa Preview');
    const course = courses.find((c) => c.meta.offers.some((o) => o.kind === 'free'))!;
    await client.post(`/courses/${course.slug}/enrol`, []);
    await finishAllButTheAssessment(client, course);
    const { certificateId } = await passFinal(client, course);
    const html = await (await new Client().get(`/certificates/${certificateId}`)).html;
    expect(attr(html, /<title>([^<]*)<\/title>/)).toBe(`Certificate: Åsa Preview, ${course.meta.title} · Channelwise`);
    expect(meta(html, 'description')).toContain('Åsa Preview');
    expect(html).toContain('<meta name="robots" content="noindex">');
    const image = meta(html, 'og:image')!;
    const png = new Uint8Array(await (await fetch(image)).arrayBuffer());
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    const data = JSON.parse(attr(html, /<script type="application\/ld\+json">([\s\S]*?)<\/script>/)!);
    expect(data).toMatchObject({ '@type': 'EducationalOccupationalCredential', identifier: certificateId, credentialCategory: 'certificate' });
  });
});

describe('transfer', () => {
  it('compresses HTML, CSS and JSON, caches hashed assets for long and pages briefly, and names the charset', async () => {
    const page = await fetch(`${baseUrl}/assessment`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('public, max-age=60');
    const html = await page.text();
    const css = attr(html, /<link rel="stylesheet" href="([^"]+\.css)"/)!;
    expect(css).toMatch(/^\/_astro\//);
    const stylesheet = await fetch(baseUrl + css, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(stylesheet.headers.get('content-encoding')).toBe('gzip');
    expect(stylesheet.headers.get('cache-control')).toContain('immutable');
    const sitemap = await fetch(`${baseUrl}/sitemap.xml`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(sitemap.headers.get('content-encoding')).toBe('gzip');
    const favicon = await fetch(`${baseUrl}/favicon.svg`);
    expect(favicon.headers.get('cache-control')).toBe('public, max-age=86400');
    const signedIn = await (await newVerifiedLearner()).client.get('/courses');
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
  });
});
