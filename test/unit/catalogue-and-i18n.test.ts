import { describe, expect, it, vi } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { compareLessonIds, filterCourses, headlineOffer, parseCatalogueFilters } from '../../src/lib/courses/catalogue.ts';
import { courseSchema, type CourseMeta } from '../../src/lib/courses/schema.ts';
import { fromAcceptLanguage, resolveLanguage } from '../../src/lib/i18n/language.ts';
import { safeReturnPath } from '../../src/lib/http/requests.ts';
import { dictionaries, formatLocale, formatPrice, translator, type UiKey } from '../../src/lib/i18n/ui.ts';
import { COURSE_PDF_COPY } from '../../src/lib/pdf/course-pdf-copy.ts';
import { fillCertificateCopy } from '../../src/lib/pdf/certificate-copy.ts';

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

  it('has every interface text in English, German and Swedish, with the same ICU arguments', () => {
    const keys = Object.keys(dictionaries.en) as UiKey[];
    for (const language of ['de', 'sv'] as const) {
      expect(Object.keys(dictionaries[language]).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(dictionaries[language][key].trim().length, `${language}:${key}`).toBeGreaterThan(0);
        expect(argumentsOf(dictionaries[language][key]), `${language}:${key}`).toEqual(argumentsOf(dictionaries.en[key]));
      }
    }
  });

  it('fills placeholders and formats prices per language', () => {
    expect(translator('de')('lesson.position', { number: 2, count: 7 })).toBe('Lektion 2 von 7');
    expect(formatPrice(19.99, 'de')).toMatch(/19,99\s€/);
    expect(formatPrice(19.99, 'en')).toMatch(/€19\.99/);
  });
});

// ---- interface text as ICU MessageFormat ------------------------------------------------------

const LANGUAGES = ['en', 'de', 'sv'] as const;
const KEYS = Object.keys(dictionaries.en) as UiKey[];

type ArgumentKind = 'text' | 'number' | 'date' | 'select';

/** Parses like the translator does: tags off, so "<" is text. Throws on a syntax error. */
function ast(message: string): MessageFormatElement[] {
  return parse(message, { ignoreTag: true, requiresOtherClause: true });
}

function walk(elements: MessageFormatElement[], visit: (element: MessageFormatElement) => void): void {
  for (const element of elements) {
    visit(element);
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) walk(option.value, visit);
  }
}

/**
 * Argument name → kind, sorted by name. A plural and `{x, number}` are both "number": German may
 * need a plural where English does not, but every language must take a number there.
 */
function argumentsOf(message: string): [string, ArgumentKind][] {
  const found = new Map<string, ArgumentKind>();
  walk(ast(message), (element) => {
    if (element.type === TYPE.literal || element.type === TYPE.pound || element.type === TYPE.tag) return;
    const kind: ArgumentKind =
      element.type === TYPE.argument ? 'text'
      : element.type === TYPE.number || element.type === TYPE.plural ? 'number'
      : element.type === TYPE.select ? 'select'
      : 'date';
    const before = found.get(element.value);
    if (before && before !== kind) throw new Error(`argument ${element.value} used as ${before} and as ${kind} in "${message}"`);
    found.set(element.value, kind);
  });
  return [...found].sort(([a], [b]) => a.localeCompare(b));
}

function samples(message: string, number: number): Record<string, string | number | Date> {
  const value = { text: 'Sample', number, date: new Date('2025-03-14T10:30:00Z'), select: 'other' } as const;
  return Object.fromEntries(argumentsOf(message).map(([name, kind]) => [name, value[kind]]));
}

/** Formats strictly, as intl-messageformat does by itself: a missing argument throws here. */
function strictFormat(language: (typeof LANGUAGES)[number], message: string, values: Record<string, string | number | Date>): string {
  return String(new IntlMessageFormat(message, formatLocale(language), undefined, { ignoreTag: true }).format(values));
}

/** Apostrophes that reach the text: in ICU, "'" before "{", "}" or "#" starts quoting, "''" is one "'". */
function literalApostrophes(message: string): number {
  let count = 0;
  walk(ast(message), (element) => {
    if (element.type === TYPE.literal) count += element.value.split("'").length - 1;
  });
  return count;
}
const writtenApostrophes = (message: string) => message.replace(/''/g, "'").split("'").length - 1;

describe('interface text (ICU MessageFormat)', () => {
  it('parses every message in every language', () => {
    for (const language of LANGUAGES) {
      for (const key of KEYS) expect(() => ast(dictionaries[language][key]), `${language}:${key}`).not.toThrow();
    }
  });

  it('formats every message with sample values, without falling back to the raw text', () => {
    for (const language of LANGUAGES) {
      const t = translator(language);
      for (const key of KEYS) {
        const message = dictionaries[language][key];
        for (const number of [0, 1, 3, 1234, 2.5]) {
          // The arguments come from the English message: a translation that needs another one fails here.
          const values = samples(dictionaries.en[key], number);
          const strict = strictFormat(language, message, values);
          expect(strict, `${language}:${key}`).not.toMatch(/[{}]/);
          expect(t(key, values as Record<string, string | number>), `${language}:${key}`).toBe(strict);
        }
      }
    }
  });

  it('gives every plural the forms its language needs (one and other in en, de and sv)', () => {
    let plurals = 0;
    for (const language of LANGUAGES) {
      const categories = new Intl.PluralRules(formatLocale(language)).resolvedOptions().pluralCategories;
      expect([...categories].sort()).toEqual(['one', 'other']);
      for (const key of KEYS) {
        walk(ast(dictionaries[language][key]), (element) => {
          if (element.type !== TYPE.plural) return;
          plurals += 1;
          for (const category of categories) expect(Object.keys(element.options), `${language}:${key}`).toContain(category);
          // Inside a plural, "#" is the number formatted for the locale; "{count}" would not be.
          const inner = Object.values(element.options).flatMap((option) => option.value);
          expect(inner.some((e) => e.type === TYPE.argument && e.value === element.value), `${language}:${key}`).toBe(false);
        });
      }
    }
    expect(plurals).toBeGreaterThan(60);
  });

  it('keeps every apostrophe literal instead of starting an ICU quote', () => {
    // The check itself: "'{name}'" quotes the placeholder away, "it's" and "''" do not.
    expect(literalApostrophes("Don't miss '{name}'")).not.toBe(writtenApostrophes("Don't miss '{name}'"));
    expect(literalApostrophes("It's {name}''s turn")).toBe(writtenApostrophes("It's {name}''s turn"));
    for (const language of LANGUAGES) {
      for (const key of KEYS) {
        const message = dictionaries[language][key];
        expect(literalApostrophes(message), `${language}:${key}`).toBe(writtenApostrophes(message));
      }
    }
    expect(strictFormat('en', "It's {name}''s turn", { name: 'Ana' })).toBe("It's Ana's turn");
  });

  it('says "1 course" and "3 courses" in every language', () => {
    const expected = {
      en: ['1 course found', '3 courses found'],
      de: ['1 Kurs gefunden', '3 Kurse gefunden'],
      sv: ['1 kurs hittades', '3 kurser hittades'],
    };
    for (const language of LANGUAGES) {
      const t = translator(language);
      expect([t('catalogue.count', { count: 1 }), t('catalogue.count', { count: 3 })]).toEqual(expected[language]);
    }
    expect(translator('en')('catalogue.count', { count: 0 })).toBe('0 courses found');
  });

  it('counts minutes, hours, lessons and steps with the right form', () => {
    expect(translator('en')('error.tooManyAttempts', { minutes: 1 })).toBe('Too many attempts. Try again in 1 minute.');
    expect(translator('en')('error.tooManyAttempts', { minutes: 15 })).toBe('Too many attempts. Try again in 15 minutes.');
    expect(translator('de')('error.tooManyAttempts', { minutes: 1 })).toBe('Zu viele Versuche. Versuche es in 1 Minute wieder.');
    expect(translator('de')('error.tooManyAttempts', { minutes: 15 })).toBe('Zu viele Versuche. Versuche es in 15 Minuten wieder.');
    expect(translator('sv')('error.tooManyAttempts', { minutes: 1 })).toBe('För många försök. Försök igen om 1 minut.');
    expect(translator('sv')('error.tooManyAttempts', { minutes: 15 })).toBe('För många försök. Försök igen om 15 minuter.');

    expect(translator('en')('course.meta', { lessons: 1, hours: 1 })).toBe('1 lesson and a final lesson · about 1 hour');
    expect(translator('de')('course.meta', { lessons: 12, hours: 2.5 })).toBe('12 Lektionen und eine Abschlusslektion · etwa 2,5 Stunden');
    expect(translator('sv')('course.hours', { hours: 1 })).toBe('cirka 1 timme');
    expect(translator('en')('progress.lessonPartly', { done: 0, total: 1 })).toBe('0 of 1 task');
    expect(translator('sv')('progress.summary', { done: 1, total: 4, percent: 25 })).toBe('1 av 4 steg klart (25 %)');
    expect(translator('sv')('credential.description', { course: 'X', hours: 1 })).toBe('Intyg om avslutad kurs ”X” på Channelwise, omkring 1 timmes studietid.');
    expect(translator('de')('error.tooFewWords', { min: 20, count: 1 })).toBe('Schreibe mindestens 20 Wörter; du hast bisher 1 Wort.');
    expect(translator('en')('error.tooFewWords', { min: 20, count: 3 })).toBe('Write at least 20 words; you have 3.');
  });

  it('formats numbers in running text for the locale', () => {
    expect(translator('en')('catalogue.count', { count: 1234 })).toBe('1,234 courses found');
    expect(translator('de')('catalogue.count', { count: 1234 })).toBe('1.234 Kurse gefunden');
    // Swedish groups with a no-break space (U+00A0 in current ICU data; U+202F in some versions).
    expect(translator('sv')('catalogue.count', { count: 1234 })).toMatch(/^1[\u00a0\u202f]234 kurser hittades$/);
    expect(translator('de')('course.hours', { hours: 7.5 })).toBe('etwa 7,5 Stunden');
    expect(translator('en')('final.passed', { percent: 87.5, passMark: 80 })).toBe('Passed: 87.5% (pass mark 80%).');
  });

  it('reads numbers that callers formatted already', () => {
    // certificates/[id].astro passes "7,5" (formatted for German); the course PDF passes "1,234".
    expect(translator('de')('cert.hoursValue', { hours: '7,5' })).toBe('7,5 Stunden');
    expect(translator('de')('cert.hoursValue', { hours: '1' })).toBe('1 Stunde');
    expect(translator('de')('catalogue.count', { count: '1.234' })).toBe('1.234 Kurse gefunden');
    expect(translator('en')('cert.hoursValue', { hours: '1,234' })).toBe('1,234 hours');
    expect(translator('en')('cert.hoursValue', { hours: '2.5' })).toBe('2.5 hours');
    expect(translator('sv')('catalogue.count', { count: '2' })).toBe('2 kurser hittades');
  });

  it('shows the raw message instead of throwing when a variable is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(translator('sv')('catalogue.count')).toBe(dictionaries.sv['catalogue.count']);
      expect(translator('en')('lesson.position', { number: 2 })).toBe(dictionaries.en['lesson.position']);
      expect(warn).toHaveBeenCalled();
      expect(() => strictFormat('en', dictionaries.en['lesson.position'], { number: 2 })).toThrow(/count/);
    } finally {
      warn.mockRestore();
    }
  });

  it('words the PDFs from the same messages, with plurals', () => {
    expect(COURSE_PDF_COPY.en.minutes(1)).toBe('1 minute');
    expect(COURSE_PDF_COPY.en.minutes(25)).toBe('25 minutes');
    expect(COURSE_PDF_COPY.de.minutes(1)).toBe('1 Minute');
    expect(COURSE_PDF_COPY.sv.minutes(25)).toBe('25 minuter');
    expect(COURSE_PDF_COPY.en.lessonOf(3, 7)).toBe('Lesson 3 of 7');
    expect(COURSE_PDF_COPY.de.hours('7,5')).toBe('etwa 7,5 Stunden');
    expect(COURSE_PDF_COPY.sv.likes('1')).toBe('1 gillamarkering');
    expect(COURSE_PDF_COPY.en.comments('1,234')).toBe('1,234 comments');
    expect(COURSE_PDF_COPY.de.minWords(1)).toBe('Schreib mindestens 1 Wort.');
    expect(COURSE_PDF_COPY.sv.levels.beginner).toBe('Nybörjare');
    expect(fillCertificateCopy('de', 'documentSubject', { id: 'X1', learner: 'Åsa', date: '14. März 2025' })).toBe('Zertifikat X1 für Åsa, abgeschlossen am 14. März 2025');
  });
});
