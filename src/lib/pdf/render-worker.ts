/**
 * The worker-thread entry for typesetting. The build bundles this file into
 * `dist/server/pdf-render-worker.mjs` (see `astro.config.mjs`); the pool in `render-pool.ts`
 * runs it, so a PDF never holds up the event loop that answers pages.
 */
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { Piscina } from 'piscina';
import { runPdfJob, type PdfJob } from './render-job.ts';

// On a machine with as many server processes as cores, a typesetting thread competes with the
// event loops for CPU. On Linux a thread has its own scheduling priority: this one runs "nicer"
// (10), so pages go first and the PDF takes the time that is left. Elsewhere it stays as it is.
try {
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(threadId) && threadId > 0) os.setPriority(threadId, 10);
} catch {
  // not Linux, or not allowed: typesetting at normal priority
}

export default async function render(job: PdfJob): Promise<Uint8Array> {
  const pdf = await runPdfJob(job);
  // A copy with its own memory, moved (not cloned) back to the server thread.
  const bytes = new Uint8Array(pdf.byteLength);
  bytes.set(pdf);
  return Piscina.move(bytes) as unknown as Uint8Array;
}
