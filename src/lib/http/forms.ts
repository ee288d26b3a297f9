/**
 * Server-side form validation with zod. Messages in schemas are interface-text keys, so a page
 * shows each error next to its field in the reader's language and keeps what was entered.
 */
import type { z } from 'astro/zod';
import type { UiKey } from '../i18n/ui.ts';
import { AppError } from './errors.ts';

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

export type Attempt<R> = { ok: true; result: R } | { ok: false; error: AppError };

/**
 * Runs an action whose refusal the page shows itself (next to a field, or above a form) instead
 * of the error page: an AppError comes back as a value; anything else is a real failure and rises.
 */
export async function attempt<R>(action: () => Promise<R> | R): Promise<Attempt<R>> {
  try {
    return { ok: true, result: await action() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, error };
  }
}

/**
 * The POST side of a page form: parse with the schema, run the action, and turn validation
 * failures and AppErrors into messages next to their fields (never a 500 for bad input).
 */
export async function submitForm<S extends z.ZodType, R>(form: FormData, schema: S, action: (data: z.infer<S>) => Promise<R> | R, fallbackField = 'form'): Promise<FormOutcome<R>> {
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, status: 422 };
  const outcome = await attempt(() => action(parsed.data));
  if (outcome.ok) return { result: outcome.result, errors: {}, values: parsed.values, status: 200 };
  const { error } = outcome;
  return { errors: { [error.field ?? fallbackField]: error.key }, values: parsed.values, status: error.status, retryAfterSeconds: error.retryAfterSeconds };
}

/** A form that was not sent yet. */
export const UNSENT: FormOutcome<never> = { errors: {}, values: {}, status: 200 };
