/**
 * Periodic work the server does itself (cleanup, reminders, the e-mail course clock): a step runs
 * at most once per interval, after the response that triggered it (never in a request's way), and
 * never twice at the same time; a failure is logged and the next interval tries again.
 */
import { log } from '../log/log.ts';

export function periodicStep<T>(everyMs: number, failure: string, step: (arg: T) => unknown): (arg: T, now?: number) => void {
  let lastRun = 0;
  let running = false;
  return (arg, now = Date.now()) => {
    if (running || now - lastRun < everyMs) return;
    lastRun = now;
    running = true;
    setImmediate(async () => {
      try {
        await step(arg);
      } catch (error) {
        log.error({ err: (error as Error).message }, failure);
      } finally {
        running = false;
      }
    });
  };
}
