/**
 * The one typed error of the platform. Areas in src/lib throw it for every expected refusal
 * (bad input, no access, not found, too many attempts); `errorResponse()` in ./responses.ts is
 * the one place that turns it into an answer, and forms show it next to its field.
 */
import type { UiKey } from '../i18n/ui.ts';

export class AppError extends Error {
  constructor(
    /** HTTP status the refusal is answered with (4xx for the reader's mistakes, 503 for a missing service). */
    readonly status: number,
    /** Interface-text key of the message, in the reader's language. */
    readonly key: UiKey,
    /** Form field the message belongs next to, when it belongs to one. */
    readonly field?: string,
    /** For 429 answers: seconds until another attempt. */
    readonly retryAfterSeconds?: number,
    /** Values for the message's placeholders. */
    readonly vars?: Record<string, string | number>,
  ) {
    super(key);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
