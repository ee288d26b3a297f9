/**
 * Where PDFs are typeset: in worker threads when the server runs from a build (the build emits
 * the worker file and `scripts/serve.mjs` names it in PDF_WORKER_FILE), otherwise in the calling
 * thread (`astro dev`, unit tests, scripts). A course takes over a second of CPU; in a worker
 * thread that second never delays a page.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { runPdfJob, type PdfJob } from './render-job.ts';

let pool: Piscina | null | undefined;

function workerPool(): Piscina | null {
  if (pool !== undefined) return pool;
  const file = process.env.PDF_WORKER_FILE;
  pool = file && existsSync(file)
    ? new Piscina({
        filename: pathToFileURL(file).href,
        minThreads: 0,
        // One thread per server process by default: with a process per core, more would only
        // take turns on the same cores with the pages.
        maxThreads: Math.max(1, Number(process.env.PDF_THREADS ?? 1) || 1),
        // An idle thread gives its memory (fonts, layout) back soon after the last document.
        idleTimeout: 15_000,
        // A bound on the thread's heap: the largest course today (social-media-management-grundlagen)
        // needs between 88 and 96 MB, so 256 leaves room for courses to grow.
        resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 },
      })
    : null;
  return pool;
}

/** The typeset PDF of `job`, from a worker thread when there is a pool. */
export async function renderPdf(job: PdfJob): Promise<Buffer> {
  const threads = workerPool();
  if (!threads) return runPdfJob(job);
  const bytes = (await threads.run(job)) as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when PDFs are typeset off the server thread. */
export function rendersInWorkers(): boolean {
  return workerPool() !== null;
}
