import { describe, expect, it } from 'vitest';
import { compareLessonIds, filterCourses, headlineOffer, parseCatalogueFilters } from '../../src/lib/courses/catalogue.ts';
import { courseSchema, type CourseMeta } from '../../src/lib/courses/schema.ts';
import { fromAcceptLanguage, resolveLanguage, safeReturnPath } from '../../src/lib/i18n/language.ts';
import { dictionaries, formatPrice, translator } from '../../src/lib/i18n/ui.ts';

function course(id: string, overrides: Partial<CourseMeta>) {
  const data = courseSchema.parse({
    title: id,
    summary: 'A summary that is long enough to pass the schema check for tests.',
    language: 'en',
    level: 'beginner',
    estimatedHours: 2,
    objectives: ['a', 'b', 'c'],
    specializations: ['strategy-planning'],
    offers: [{ kind: 'ecourse', price: 19.99 }],
    authors: [{ name: 'A' }],
    ...overrides,
  });
  return { id, data };
}

const courses = [
  course('Zeta strategy', {}),
  course('Alpha Gemeinschaft', { language: 'de', level: 'intermediate', specializations: ['community-management'], platforms: ['instagram'] }),
  course('Beta analys', { language: 'sv', level: 'intermediate', specializations: ['analytics-reporting'] }),
];

describe('catalogue', () => {
  it('filters by language, level and specialization on any axis', () => {
    expect(filterCourses(courses, {}).map((c) => c.id)).toEqual(['Alpha Gemeinschaft', 'Beta analys', 'Zeta strategy']);
    expect(filterCourses(courses, { language: 'de' }).map((c) => c.id)).toEqual(['Alpha Gemeinschaft']);
    expect(filterCourses(courses, { level: 'intermediate' }).map((c) => c.id)).toEqual(['Alpha Gemeinschaft', 'Beta analys']);
    expect(filterCourses(courses, { specialization: 'instagram' }).map((c) => c.id)).toEqual(['Alpha Gemeinschaft']);
    expect(filterCourses(courses, { language: 'sv', level: 'beginner' })).toEqual([]);
  });

  it("lists courses in the reader's language first", () => {
    expect(filterCourses(courses, {}, 'sv').map((c) => c.id)[0]).toBe('Beta analys');
  });

  it('drops unknown filter values and says which', () => {
    const params = new URLSearchParams('language=fr&level=advanced&specialization=unknown');
    expect(parseCatalogueFilters(params, new Set(['instagram']))).toEqual({ filters: { level: 'advanced' }, ignored: ['language', 'specialization'] });
  });

  it('orders lessons by number with the final lesson last', () => {
    expect(['c/final', 'c/02-b', 'c/01-a'].sort(compareLessonIds)).toEqual(['c/01-a', 'c/02-b', 'c/final']);
  });

  it('headlines the whole-course offer rather than a single lesson PDF', () => {
    expect(headlineOffer(course('x', { offers: [{ kind: 'lesson-pdf', price: 3.99 }, { kind: 'supervised', price: 149 }, { kind: 'ecourse', price: 19.99 }, { kind: 'consulting', price: 179.99 }] }).data)).toEqual({ kind: 'ecourse', price: 19.99 });
    expect(headlineOffer(course('y', { offers: [{ kind: 'ecourse', price: 19.99 }, { kind: 'free' }] }).data)).toEqual({ kind: 'free' });
    expect(headlineOffer(course('z', { offers: [{ kind: 'lesson-pdf', price: 3.99 }] }).data)).toEqual({ kind: 'lesson-pdf', price: 3.99 });
  });
});

describe('interface language', () => {
  it('prefers the cookie, then Accept-Language by quality, then English', () => {
    expect(resolveLanguage('sv', 'de-DE')).toBe('sv');
    expect(resolveLanguage(undefined, 'fr-FR, de;q=0.8, en;q=0.5')).toBe('de');
    expect(resolveLanguage('xx', 'sv-SE;q=0.3, en-GB;q=0.9')).toBe('en');
    expect(resolveLanguage(undefined, null)).toBe('en');
    expect(fromAcceptLanguage('fr, it')).toBeNull();
  });

  it('only redirects to paths on this site', () => {
    expect(safeReturnPath('/courses?language=de')).toBe('/courses?language=de');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
    // Browsers drop tabs and line breaks, which would turn this into "//evil.example".
    expect(safeReturnPath('/\t/evil.example')).toBe('/');
    expect(safeReturnPath('/x\r\nSet-Cookie: a=b')).toBe('/');
  });

  it('has every interface text in English, German and Swedish, with the same placeholders', () => {
    const keys = Object.keys(dictionaries.en);
    for (const language of ['de', 'sv'] as const) {
      expect(Object.keys(dictionaries[language]).sort()).toEqual([...keys].sort());
      for (const key of keys as (keyof typeof dictionaries.en)[]) {
        const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(placeholders(dictionaries[language][key]), `${language}:${key}`).toEqual(placeholders(dictionaries.en[key]));
        expect(dictionaries[language][key].trim().length, `${language}:${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('fills placeholders and formats prices per language', () => {
    expect(translator('de')('lesson.position', { number: 2, count: 7 })).toBe('Lektion 2 von 7');
    expect(formatPrice(19.99, 'de')).toMatch(/19,99\s€/);
    expect(formatPrice(19.99, 'en')).toMatch(/€19\.99/);
  });
});
