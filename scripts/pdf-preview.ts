/**
 * `npx tsx scripts/pdf-preview.ts <file.pdf> [page] [out.png]`: draws one page of a PDF to a PNG
 * with pdf.js inside the system Chromium, so a layout change can be looked at, not only its text.
 * (A developer tool; nothing in the app or the tests depends on it.)
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../test/support/browser.ts';

const [file, pageArg = '1', outArg] = process.argv.slice(2);
if (!file) {
  console.error('Usage: npx tsx scripts/pdf-preview.ts <file.pdf> [page] [out.png]');
  process.exit(2);
}
const pageNumber = Number(pageArg);
const out = outArg ?? file.replace(/\.pdf$/i, '') + `-page-${pageNumber}.png`;
const pdfjs = pathToFileURL(path.resolve(import.meta.dirname, '../node_modules/pdfjs-dist/legacy/build/')).href;
const html = path.join(mkdtempSync(path.join(os.tmpdir(), 'pdf-preview-')), 'page.html');
writeFileSync(
  html,
  `<!doctype html><body style="margin:0"><canvas id="c"></canvas><script type="module">
import * as pdfjs from '${pdfjs}/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '${pdfjs}/pdf.worker.mjs';
const data = Uint8Array.from(atob('${readFileSync(file).toString('base64')}'), (c) => c.charCodeAt(0));
const doc = await pdfjs.getDocument({ data }).promise;
const page = await doc.getPage(${pageNumber});
const viewport = page.getViewport({ scale: 1.5 });
const canvas = document.getElementById('c');
canvas.width = viewport.width;
canvas.height = viewport.height;
await page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
document.title = 'rendered';
</script></body>`,
);
const browser = await launchBrowser({ args: ['--allow-file-access-from-files'] });
try {
  const tab = await browser.newPage();
  await tab.goto(pathToFileURL(html).href);
  await tab.waitForFunction(() => document.title === 'rendered', null, { timeout: 30_000 });
  await tab.locator('#c').screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
