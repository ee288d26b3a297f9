/**
 * What public pages tell search engines and social networks, and the preview images and sitemap
 * behind it. Course and certificate previews speak the course's language (like their PDFs); the
 * home preview speaks the reader's.
 */
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { LANGUAGES, type Language } from '../i18n/language.ts';
import { LEGAL_PAGES, localizePath } from '../i18n/routing.ts';
import { formatDate, formatLocale, translator, type Translate } from '../i18n/ui.ts';
import { courseStructure, getCourseOutline, listCourseOutlines, specializationTitles, type CourseOutline } from '../courses/content.ts';
import { lessonSlug } from '../courses/catalogue.ts';
import { openToVisitors } from '../courses/structure.ts';
import { getCertificate, type Certificate } from '../certificates/certificates.ts';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH, renderPreview } from './preview-images.ts';
import { certificateJsonLd, courseJsonLd } from './structured-data.ts';

const size = { width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT };
const siteHost = () => new URL(publicBaseUrl()).host;

export function homeSeo(lang: Language) {
  const t = translator(lang);
  return { description: t('meta.home'), image: { path: `/og/home/${lang}.png`, alt: t('preview.homeAlt'), ...size } };
}

export function homePreviewPng(lang: string): Buffer {
  if (!(LANGUAGES as readonly string[]).includes(lang)) throw new AppError(404, 'error.notFound');
  const t = translator(lang as Language);
  return renderPreview({ kicker: t('site.name'), title: t('home.title'), details: [t('site.tagline')], footer: siteHost() });
}

function courseFacts(outline: CourseOutline) {
  const meta = outline.course.data;
  return { meta, lessons: outline.lessons.length, hours: meta.estimatedHours, t: translator(meta.language) };
}

/** Structured data and preview of a course page, in the reader's language where it is interface text. */
export async function courseSeo(outline: CourseOutline, lang: Language) {
  const { meta, lessons, hours, t } = courseFacts(outline);
  const base = publicBaseUrl();
  const path = `/og/courses/${outline.course.id}.png`;
  const topics = await specializationTitles(meta.language);
  return {
    image: { path, alt: t('preview.courseAlt', { course: meta.title, lessons, hours }), ...size },
    jsonLd: courseJsonLd({
      meta,
      url: base + localizePath(`/courses/${outline.course.id}`, lang),
      base,
      image: base + path,
      lessons: [...outline.lessons, outline.final].map((lesson) => ({ title: lesson.data.title, minutes: lesson.data.minutes })),
      topics: meta.specializations.map((id) => topics.get(id) ?? id),
    }),
  };
}

export async function coursePreviewPng(slug: string): Promise<Buffer> {
  const outline = await getCourseOutline(slug);
  if (!outline) throw new AppError(404, 'error.notFound');
  const { meta, lessons, hours, t } = courseFacts(outline);
  return renderPreview({ kicker: t('site.name'), title: meta.title, details: [t('preview.lessons', { lessons, hours }), t(`level.${meta.level}`)], footer: siteHost() });
}

/** The holder's name; empty once they deleted their account (the certificate is then erased and revoked). */
function holderOf(certificate: Certificate): string {
  return certificate.learnerName;
}

/** Title, description, preview and structured data of a certificate page. */
export async function certificateSeo(certificate: Certificate, lang: Language, t: Translate) {
  const base = publicBaseUrl();
  const holder = holderOf(certificate);
  const course = certificate.courseTitle;
  const percent = new Intl.NumberFormat(formatLocale(lang), { style: 'percent' }).format(certificate.finalPercent / 100);
  const description = certificate.revokedAt
    ? t('cert.descriptionRevoked', { course })
    : holder
      ? t('cert.description', { holder, course, date: formatDate(certificate.completedAt, lang, 'long'), percent })
      : t('cert.descriptionAnonymous', { course });
  const path = `/og/certificates/${certificate.id}.png`;
  const published = await getCourseOutline(certificate.courseSlug);
  const courseT = translator(certificate.courseLanguage);
  return {
    title: holder ? t('cert.pageTitleNamed', { holder, course }) : t('cert.pageTitleAnonymous', { course }),
    description,
    image: { path, alt: courseT('preview.certificateAlt', { holder: holder || '—', course }), ...size },
    jsonLd: certificateJsonLd({
      certificate,
      url: base + localizePath(`/certificates/${certificate.id}`, lang),
      base,
      image: base + path,
      description,
      courseUrl: published ? `${base}/courses/${certificate.courseSlug}` : undefined,
    }),
  };
}

export function certificatePreviewPng(db: Db, id: string): Buffer {
  const certificate = getCertificate(db, id);
  if (!certificate) throw new AppError(404, 'cert.notFoundText');
  const t = translator(certificate.courseLanguage);
  return renderPreview({
    kicker: t('preview.certificate'),
    title: holderOf(certificate) || certificate.courseTitle,
    details: [holderOf(certificate) ? certificate.courseTitle : '', formatDate(certificate.completedAt, certificate.courseLanguage, 'long')].filter(Boolean),
    footer: t('preview.verified', { site: siteHost() }),
    warning: certificate.revokedAt ? t('preview.revoked') : undefined,
  });
}

/** Every public page that search engines should know, as unprefixed paths. */
export async function indexablePaths(): Promise<string[]> {
  const paths = ['/', '/courses', '/assessment', '/issuer', ...LEGAL_PAGES.map((page) => `/legal/${page}`)];
  for (const outline of await listCourseOutlines()) {
    const structure = courseStructure(outline);
    paths.push(`/courses/${outline.course.id}`);
    for (const lesson of outline.lessons) {
      const slug = lessonSlug(lesson.id);
      if (openToVisitors(structure, slug)) paths.push(`/courses/${outline.course.id}/${slug}`);
    }
  }
  return paths;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The sitemap: every public page in every language, each with its language alternates. */
export async function sitemapXml(): Promise<string> {
  const base = publicBaseUrl();
  const urls = (await indexablePaths()).flatMap((path) => {
    const alternates = LANGUAGES.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${escapeXml(base + localizePath(path, l))}"/>`).join('\n');
    return LANGUAGES.map((l) => `  <url>\n    <loc>${escapeXml(base + localizePath(path, l))}</loc>\n${alternates}\n    <xhtml:link rel="alternate" hreflang="x-default" href="${escapeXml(base + path)}"/>\n  </url>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

/** robots.txt: private areas closed, the sitemap named. */
export function robotsTxt(): string {
  const privatePaths = ['/account', '/admin', '/dashboard', '/orders', '/org', '/moderate', '/tutor', '/email-course', '/checkout', '/api/', '/sign-in', '/sign-up', '/sign-out', '/forgot-password', '/reset-password', '/verify-email', '/assessment/results', '/assessment/history', '/language', '/error'];
  return ['User-agent: *', ...privatePaths.map((p) => `Disallow: ${p}`), 'Disallow: /courses/*/pdf/', '', `Sitemap: ${publicBaseUrl()}/sitemap.xml`, ''].join('\n');
}
