// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

/** `npm run dev` migrates the database before serving, as `npm start` does (a build never touches it). */
const migrateOnDev = {
  name: 'channelwise:migrate-on-dev',
  hooks: {
    'astro:server:setup': () => {
      const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-migrate.ts'], { stdio: 'inherit' });
      if (result.status !== 0) throw new Error('npm run db:migrate failed; see above.');
    },
  },
};

/**
 * PDFs are typeset in worker threads (src/lib/pdf/render-pool.ts), and a worker thread needs a file
 * of its own: the server build gets `pdf-render-worker.mjs` beside its entry, bundled from our
 * sources with the packages left to node_modules, as the server bundle does.
 */
let serverDir = '';
/** @type {import('astro').AstroIntegration} */
const pdfWorker = {
  name: 'channelwise:pdf-worker',
  hooks: {
    'astro:config:done': ({ config }) => {
      serverDir = fileURLToPath(config.build.server);
    },
    'astro:build:done': async () => {
      await esbuild({
        entryPoints: ['src/lib/pdf/render-worker.ts'],
        outfile: `${serverDir}/pdf-render-worker.mjs`,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        packages: 'external',
        logLevel: 'warning',
      });
    },
  },
};

/** Hostnames a TLS-terminating proxy may forward (comma-separated), e.g. "academy.example.com". */
const allowedDomains = (process.env.ALLOWED_DOMAINS ?? '')
  .split(',')
  .map((host) => host.trim())
  .filter(Boolean)
  .map((hostname) => ({ hostname, protocol: 'https' }));

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  output: 'server',
  // Forms carry at most a few pages of text; refuse bodies larger than 1 MB before parsing them.
  adapter: node({ mode: 'standalone', bodySizeLimit: 1_000_000 }),
  integrations: [mdx(), migrateOnDev, pdfWorker],
  // Our own sessions live in our database (see docs/decisions); Astro's are not used.
  session: false,
  // Stylesheets stay files, never inline <style>: the CSP allows styles from this site only (no 'unsafe-inline').
  build: { inlineStylesheets: 'never' },
  // Cross-site form posts are refused by our middleware (src/lib/http/origin.ts): the same rule as
  // Astro's checkOrigin, plus the one-click unsubscribe address that mail providers POST to (RFC 8058).
  security: { checkOrigin: false, allowedDomains },
  // Tests build broken fixture courses next to the real build without clobbering it.
  outDir: process.env.ASTRO_OUT_DIR ?? './dist',
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
  server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 4321) },
  vite: {
    build: {
      rolldownOptions: {
        // Every MDX lesson carries Astro's own "use astro:head-inject" directive, and the bundler
        // warns once per lesson (hundreds of lines that are not the author's and change nothing).
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && String(log.message).includes('astro:head-inject')) return;
          handler(level, log);
        },
      },
    },
  },
});
