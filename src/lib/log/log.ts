/**
 * Structured logs (pino, one JSON object per line on stdout) with the request id of the request
 * being served, and security events under one name each. Secrets never reach a log line:
 * passwords, tokens, cookies and session ids are redacted by key, and people appear by user id
 * or a short hash of their e-mail address, never the address itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';

const requests = new AsyncLocalStorage<{ requestId: string }>();

export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  redact: {
    paths: ['password', 'token', 'cookie', 'sessionId', 'authorization', '*.password', '*.token', '*.cookie', '*.sessionId', '*.authorization'],
    censor: '[redacted]',
  },
  mixin: () => requests.getStore() ?? {},
});

/** Runs a request's handling with its id, so every log line written meanwhile carries it. */
export function withRequestId<T>(run: () => T): { requestId: string; result: T } {
  const requestId = randomUUID();
  return { requestId, result: requests.run({ requestId }, run) };
}

/** A stable, non-reversible handle for an address in logs (to link events without storing the address). */
export function emailHandle(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

export type SecurityEvent =
  | 'sign-in.failed'
  | 'sign-in.blocked'
  | 'sign-in.succeeded'
  | 'password.changed'
  | 'password.reset'
  | 'email.changed'
  | 'sessions.ended'
  | 'role.changed'
  | 'certificate.revoked'
  | 'account.deleted'
  | 'throttle.refused';

/** One line per security event: `{"event":"sign-in.failed","security":true,…}`. */
export function securityEvent(event: SecurityEvent, fields: Record<string, string | number | boolean | null | undefined> = {}): void {
  log.info({ security: true, event, ...fields }, event);
}
