/**
 * Server-side form validation with zod. Messages in schemas are interface-text keys, so a page
 * shows each error next to its field in the reader's language and keeps what was entered.
 */
import type { z } from 'astro/zod';
import type { UiKey } from './i18n/ui.ts';

export type FieldErrors = Partial<Record<string, UiKey>>;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Text values of a form, for showing it again (passwords are never echoed). */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
  const values = formValues(form);
  const raw: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string') raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= (issue.message.includes('.') ? issue.message : 'error.invalid') as UiKey;
  }
  return { ok: false, errors, values };
}

/** An expected failure with a status code and, where it belongs to a field, the field. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly key: UiKey,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(key);
    this.name = 'AppError';
  }
}

export interface FormOutcome<R> {
  /** What the action returned (usually a redirect Response) when everything went well. */
  result?: R;
  errors: FieldErrors;
  values: Record<string, string>;
  /** Status for the page when the form is shown again. */
  status: number;
  /** For 429 answers: seconds until another attempt. */
  retryAfterSeconds?: number;
}

/**
 * The POST side of a page form: parse with the schema, run the action, and turn validation
 * failures and AppErrors into messages next to their fields (never a 500 for bad input).
 */
export async function submitForm<S extends z.ZodType, R>(form: FormData, schema: S, action: (data: z.infer<S>) => Promise<R> | R, fallbackField = 'form'): Promise<FormOutcome<R>> {
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, status: 422 };
  try {
    return { result: await action(parsed.data), errors: {}, values: parsed.values, status: 200 };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { errors: { [error.field ?? fallbackField]: error.key }, values: parsed.values, status: error.status, retryAfterSeconds: error.retryAfterSeconds };
  }
}

/** A form that was not sent yet. */
export const UNSENT: FormOutcome<never> = { errors: {}, values: {}, status: 200 };
