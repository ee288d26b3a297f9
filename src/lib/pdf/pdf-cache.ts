/**
 * A file cache for rendered PDFs. Typesetting a course takes a moment, and the result only
 * changes when the course does, so PDFs are kept on disk under a key that names the course,
 * its version and a hash of the exact content: an edit without a version bump still misses.
 * Writes go to a temporary file that is then renamed, so a reader never sees half a PDF.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoursePdfInput } from './course-pdf.ts';

/**
 * Bump when the typesetting changes, so PDFs cached by an older layout are not served again.
 * It is part of the hash, not of the readable key.
 */
export const COURSE_PDF_LAYOUT_VERSION = 2;

const SAFE_KEY = /^[a-z0-9][a-z0-9._-]{0,200}$/;

/** Where PDFs are cached; `PDF_CACHE_DIR` moves it (tests use a temporary folder). */
export function pdfCacheDir(): string {
  return path.resolve(process.env.PDF_CACHE_DIR ?? 'data/cache/pdf');
}

/** Keeps a key part to lowercase letters, digits and single hyphens, whatever it was given. */
function keyPart(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/**
 * `<slug>-v<version>-<kind>-<hash>`, e.g. `social-media-strategy-v1-course-3f9a0c12d4e5`.
 * The hash covers the whole input (and the layout version), so any content change gives a new key.
 */
export function coursePdfCacheKey(input: CoursePdfInput, kind: 'course' | 'course-locked' | `lesson-${string}`): string {
  const hash = createHash('sha256').update(JSON.stringify({ layout: COURSE_PDF_LAYOUT_VERSION, input })).digest('hex').slice(0, 16);
  return `${keyPart(input.slug)}-v${Math.trunc(input.meta.version)}-${keyPart(kind)}-${hash}`;
}

/**
 * Every key the same course document had or will have (any version, any content hash): when a new
 * one is stored, the others are out of date and are removed, so the cache does not grow with edits.
 */
export function coursePdfCacheFamily(input: CoursePdfInput, kind: Parameters<typeof coursePdfCacheKey>[1]): RegExp {
  return new RegExp(`^${keyPart(input.slug)}-v\\d+-${keyPart(kind)}-[0-9a-f]{16}\\.pdf$`);
}

/** True when the PDF under `key` is stored already. */
export function cachedPdfExists(key: string): boolean {
  return SAFE_KEY.test(key) && existsSync(path.join(pdfCacheDir(), `${key}.pdf`));
}

/** Removes half-written files (`*.tmp`) an hour old or more, left by a process that stopped mid-write. */
export async function removeStaleTemporaries(now = Date.now()): Promise<number> {
  const dir = pdfCacheDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.tmp'))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > 60 * 60_000) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Renders in flight, by key: two requests for the same new PDF share one rendering. */
const pending = new Map<string, Promise<Buffer>>();

/**
 * The cached PDF under `key`, rendering and storing it first when there is none. `supersedes`
 * names older files of the same document, removed once the new one is stored.
 */
export async function cachedPdf(key: string, render: () => Promise<Buffer>, supersedes?: RegExp): Promise<Buffer> {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe PDF cache key "${key}"`);
  const file = path.join(pdfCacheDir(), `${key}.pdf`);
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const running = pending.get(file);
  if (running) return running;
  const job = (async () => {
    const pdf = await render();
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, pdf);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    if (supersedes) {
      const stale = (await readdir(path.dirname(file))).filter((name) => supersedes.test(name) && name !== `${key}.pdf`);
      await Promise.all(stale.map((name) => rm(path.join(path.dirname(file), name), { force: true })));
    }
    return pdf;
  })().finally(() => pending.delete(file));
  pending.set(file, job);
  return job;
}
