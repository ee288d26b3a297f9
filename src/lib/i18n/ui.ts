/**
 * Interface text in English, German and Swedish, kept as data in `messages/<language>.json`:
 * flat objects whose values are ICU MessageFormat (`{count, plural, one {# course} other {# courses}}`,
 * `{hours, number}`, `{name}`). The keys of en.json are the `UiKey` type; German and Swedish must
 * have exactly the same keys (checked below at compile time), and the unit tests check that every
 * message parses and takes the same arguments in every language.
 */
import { IntlMessageFormat, type Formatters } from 'intl-messageformat';
import type { Language } from './language.ts';
import en from './messages/en.json' with { type: 'json' };
import de from './messages/de.json' with { type: 'json' };
import sv from './messages/sv.json' with { type: 'json' };

export type UiKey = keyof typeof en;
type Dictionary = Readonly<Record<UiKey, string>>;

// A key missing in German or Swedish fails `satisfies`; a key that only they have fails the
// assignment to `OnlyUiKeys` (an object type that names the extra keys). `astro check` shows both.
type OnlyUiKeys<T> = [Exclude<keyof T, UiKey>] extends [never] ? T : { 'keys missing from en.json': Exclude<keyof T, UiKey> };
const checkedDe: OnlyUiKeys<typeof de> = de satisfies Dictionary;
const checkedSv: OnlyUiKeys<typeof sv> = sv satisfies Dictionary;

/** The raw ICU messages per language. */
export const dictionaries: Record<Language, Dictionary> = { en, de: checkedDe, sv: checkedSv };

export type Translate = (key: UiKey, vars?: Record<string, string | number>) => string;

type Ast = ReturnType<IntlMessageFormat['getAst']>;

interface Compiled {
  format: IntlMessageFormat;
  /** Arguments formatted as numbers (`{x, number}`, plurals): strings passed for them are read as numbers. */
  numeric: Set<string>;
  formatters: Formatters;
}

/** Intl formatters shared by all messages of a language (intl-messageformat makes them per message). */
function sharedFormatters(): Formatters {
  const cached = <A extends unknown[], R>(make: (...args: A) => R) => {
    const cache = new Map<string, R>();
    return (...args: A): R => {
      const key = JSON.stringify(args);
      let value = cache.get(key);
      if (value === undefined) cache.set(key, (value = make(...args)));
      return value;
    };
  };
  return {
    getNumberFormat: cached((locales?: string | string[], options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locales, options)),
    getDateTimeFormat: cached((...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args)),
    getPluralRules: cached((...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args)),
  } as Formatters;
}

function numericArguments(ast: Ast, into = new Set<string>()): Set<string> {
  for (const element of ast) {
    // TYPE.number and TYPE.plural (which includes selectordinal); plurals and selects have branches.
    if (element.type === 2 || element.type === 6) into.add(element.value);
    if ('options' in element) for (const option of Object.values(element.options)) numericArguments(option.value, into);
  }
  return into;
}

/** Compiled messages per language, each compiled on first use. */
const compiled = new Map<Language, { formatters: Formatters; messages: Map<UiKey, Compiled> }>();

function compile(language: Language, key: UiKey): Compiled | undefined {
  let cache = compiled.get(language);
  if (!cache) compiled.set(language, (cache = { formatters: sharedFormatters(), messages: new Map() }));
  let message = cache.messages.get(key);
  if (!message) {
    const source: string | undefined = dictionaries[language][key];
    if (typeof source !== 'string') return undefined;
    // ignoreTag: a "<" in the text is text, not the start of a rich-text tag.
    const format = new IntlMessageFormat(source, formatLocale(language), undefined, { ignoreTag: true, formatters: cache.formatters });
    message = { format, numeric: numericArguments(format.getAst()), formatters: cache.formatters };
    cache.messages.set(key, message);
  }
  return message;
}

/**
 * Callers sometimes pass a number they already formatted ("7,5" in German). Read it back so plurals
 * and `{x, number}` still work; a plain "7.5" is taken as written unless the locale itself would
 * print that string for another number ("1.234" is 1234 in German).
 */
function numberFromText(text: string, locale: string, formatters: Formatters): number {
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  const format = formatters.getNumberFormat(locale);
  const parts = format.formatToParts(-12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const minus = parts.find((p) => p.type === 'minusSign')?.value ?? '-';
  const local = Number(trimmed.split(group).join('').replace(/[\s\u00a0\u202f]/g, '').replace(decimal, '.').replace(minus, '-'));
  if (Number.isFinite(local) && format.format(local) === trimmed) return local;
  const plain = Number(trimmed);
  return Number.isFinite(plain) ? plain : local;
}

function withNumbers(message: Compiled, vars: Record<string, string | number> | undefined, locale: string) {
  if (!vars || message.numeric.size === 0) return vars;
  const values = { ...vars };
  for (const name of message.numeric) {
    const value = values[name];
    if (typeof value === 'string') values[name] = numberFromText(value, locale, message.formatters);
  }
  return values;
}

const reported = new Set<string>();

export function translator(language: Language): Translate {
  const locale = formatLocale(language);
  return (key, vars) => {
    try {
      const message = compile(language, key);
      if (!message) return key;
      return String(message.format.format(withNumbers(message, vars, locale)));
    } catch (error) {
      // A missing variable (or a broken message) must not take a page down: show the raw message
      // and say so once. The unit tests format every message with all its arguments, strictly.
      if (!reported.has(`${language}:${key}`)) {
        reported.add(`${language}:${key}`);
        console.warn(`ui text ${language}:${key}: ${(error as Error).message}`);
      }
      return dictionaries[language][key] ?? key;
    }
  };
}

/** Formats a price in EUR for the reader's language. */
export function formatPrice(amount: number, language: Language): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-IE' : language, { style: 'currency', currency: 'EUR' }).format(amount);
}

/** The locale used for numbers and dates (British English for en: day-month order, 24-hour clock). */
export function formatLocale(language: Language): string {
  return language === 'en' ? 'en-GB' : language;
}

/** A score with one decimal, e.g. "3.4" or "3,4"; `signed` adds + to positive changes. */
export function formatScore(value: number, language: Language, signed = false): string {
  return new Intl.NumberFormat(formatLocale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: signed ? 'exceptZero' : 'auto' }).format(value);
}

export function formatDate(date: Date, language: Language, style: 'long' | 'medium-time'): string {
  const options: Intl.DateTimeFormatOptions = style === 'long' ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(formatLocale(language), options).format(date);
}
