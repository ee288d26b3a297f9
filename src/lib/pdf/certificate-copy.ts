/**
 * The fixed wording of the certificate PDF in English, German and Swedish. A certificate is
 * worded in the language of its course, not the reader's interface language, because it
 * documents what was learned in that language. The texts are the `pdf.certificate.*` messages in
 * `src/lib/i18n/messages/*.json` (ICU MessageFormat); the keys below follow from en.json, and the
 * i18n types make German and Swedish have every one of them.
 */
import type { Language } from '../courses/schema.ts';
import { dictionaries, translator, type UiKey } from '../i18n/ui.ts';

const PREFIX = 'pdf.certificate.';

/** `title`, `issuedBy`, …: every `pdf.certificate.*` key of en.json without the prefix. */
type WithoutPrefix<K> = K extends `${typeof PREFIX}${infer Key}` ? Key : never;
export type CertificateCopyKey = WithoutPrefix<UiKey>;
export type CertificateCopy = Record<CertificateCopyKey, string>;

function rawCopy(language: Language): CertificateCopy {
  const entries = Object.entries(dictionaries[language]).filter(([key]) => key.startsWith(PREFIX));
  return Object.fromEntries(entries.map(([key, message]) => [key.slice(PREFIX.length), message])) as CertificateCopy;
}

/** The raw messages per language (with `{name}` arguments unfilled); use `fillCertificateCopy` to print one. */
export const certificateCopy: Record<Language, CertificateCopy> = { en: rawCopy('en'), de: rawCopy('de'), sv: rawCopy('sv') };

/** The wording for `key` in `language`, with its arguments filled from `vars`. */
export function fillCertificateCopy(language: Language, key: CertificateCopyKey, vars: Record<string, string | number> = {}): string {
  return translator(language)(`${PREFIX}${key}`, vars);
}
