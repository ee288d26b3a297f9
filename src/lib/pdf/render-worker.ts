/**
 * The worker-thread entry for typesetting. The build bundles this file into
 * `dist/server/pdf-render-worker.mjs` (see `astro.config.mjs`); the pool in `render-pool.ts`
 * runs it, so a PDF never holds up the event loop that answers pages.
 */
import { Piscina } from 'piscina';
import { runPdfJob, type PdfJob } from './render-job.ts';

export default async function render(job: PdfJob): Promise<Uint8Array> {
  const pdf = await runPdfJob(job);
  // A copy with its own memory, moved (not cloned) back to the server thread.
  const bytes = new Uint8Array(pdf.byteLength);
  bytes.set(pdf);
  return Piscina.move(bytes) as unknown as Uint8Array;
}
