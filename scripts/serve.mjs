#!/usr/bin/env node
/**
 * Serves a production build (`dist/`, or ASTRO_OUT_DIR) the way production runs it: Astro's
 * standalone handler (static files and pages) behind compression, with cache headers and a
 * charset on every text response. `npm start` builds, migrates and then runs this file; tests and
 * the benchmark start it directly.
 * Plain JavaScript so it runs before anything is compiled.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import compression from 'compression';
import onHeaders from 'on-headers';
import proxyAddr from 'proxy-addr';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(root, process.env.ASTRO_OUT_DIR ?? 'dist');
// The build's own server must not start: this one wraps its handler.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
// PDFs are typeset in worker threads running the file the build made for them (see astro.config.mjs).
const pdfWorker = path.join(outDir, 'server', 'pdf-render-worker.mjs');
if (existsSync(pdfWorker)) process.env.PDF_WORKER_FILE ??= pdfWorker;
else console.warn(`${pdfWorker} is missing (a build from before it existed?): PDFs will be typeset on the server thread and hold up requests. Run npm run build.`);
const { handler } = await import(pathToFileURL(path.join(outDir, 'server', 'entry.mjs')).href);

const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 4321);
/** br or gzip for HTML, CSS, JS, JSON, XML and SVG above 1 KB (the library negotiates with Accept-Encoding). */
const compress = compression({ threshold: 1024 });

/**
 * The client's address: the socket's, or with TRUSTED_PROXIES (comma-separated addresses or CIDR
 * ranges, or "loopback") the right-most X-Forwarded-For entry that is not a trusted proxy. A client
 * can put anything at the left of that header, so the left-most value is never believed. The
 * result reaches the app in a header only this server sets.
 */
const trusted = proxyAddr.compile((process.env.TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean));
export const CLIENT_ADDRESS_HEADER = 'x-channelwise-client-address';

/** Files from public/ (not content-hashed): a day in caches. Hashed assets under /_astro/ get a year from Astro. */
const STATIC_FILE = /^\/(?!_astro\/)[^?]*\.(svg|png|ico|txt|webmanifest)$/;

/**
 * Headers every response carries, static files and error answers included (the app's middleware
 * sets its fuller set on pages); HSTS once the public address is https.
 */
const BASELINE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
  ...((process.env.SITE_URL ?? '').startsWith('https://') ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
};

function finishHeaders(req, res) {
  for (const [name, value] of Object.entries(BASELINE_HEADERS)) if (!res.hasHeader(name)) res.setHeader(name, value);
  const type = res.getHeader('Content-Type');
  if (typeof type === 'string' && /^(text\/|application\/(json|xml|javascript|ld\+json))/.test(type) && !/charset=/i.test(type)) {
    res.setHeader('Content-Type', `${type}; charset=utf-8`);
  }
  if (STATIC_FILE.test(req.url ?? '') && res.getHeader('Cache-Control') === 'public, max-age=0') {
    res.setHeader('Cache-Control', 'public, max-age=86400');
  }
}

const server = http.createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = proxyAddr(req, trusted);
  onHeaders(res, () => finishHeaders(req, res));
  compress(req, res, () => handler(req, res));
});
server.listen(port, host, () => {
  const address = server.address();
  const shown = typeof address === 'object' && address ? `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : `${host}:${port}`;
  console.log(`Server listening on http://${host === 'localhost' ? `localhost:${port}` : shown}`);
  // The app starts its background work (typesetting course PDFs ahead of the first download, the
  // mail worker) on its first request; this one makes that happen at start.
  if (process.env.PDF_PREPARE !== 'off' && typeof address === 'object' && address) {
    const loopback = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    fetch(`http://${loopback}:${address.port}/`, { method: 'HEAD' }).catch(() => {});
  }
});
