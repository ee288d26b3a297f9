/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Interface language of this request. */
    lang: import('./lib/i18n/language.ts').Language;
    /** Translator for `lang`. */
    t: import('./lib/i18n/ui.ts').Translate;
    /** The page's path without a language prefix, and whether it exists per language and may be indexed. */
    route: { path: string; prefixed: boolean; localized: boolean; indexable: boolean };
    /** A link to a site path in this request's language (public pages get their /de or /sv URL). */
    href: (path: string) => string;
    /** The signed-in person, or null. */
    user: import('./lib/auth/sessions.ts').SessionUser | null;
    /** The current session id, for signing out. */
    sessionId: string | null;
    /** Set by the lesson page so that `<Task>` placed in MDX can render the declared task. */
    /** A refusal being rendered by the error page (set by the middleware before it rewrites there). */
    error?: import('./lib/http/errors.ts').AppError;
    lessonContext?: import('./lib/progress/lesson-context.ts').LessonContext;
  }
}
